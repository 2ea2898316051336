/// The run values (parameters and results) one listing statement reads, each brought in by two
/// `LEFT JOIN`s on `runValue`'s primary key `(runId, role, name)`: one for the result of that
/// name, one for the parameter.
///
/// A run's value of name `n` is its result `n` if it has one, else its parameter `n`, else NULL:
/// ```
/// CASE WHEN v0r.runId IS NOT NULL THEN v0r.value ELSE v0p.value END
/// ```
/// Each join is a single primary-key probe per candidate run, and the same joined columns serve
/// the filter, the sort and the values a listing returns — one statement, no per-run subquery.
struct RunValueJoins {
    /// Joined names, in order of first use; name `names[i]` uses the aliases `v{i}r` and `v{i}p`.
    private(set) var names: [String] = []

    /// Joins `name` (once) and returns its alias index.
    mutating func index(of name: String) -> Int {
        if let index = names.firstIndex(of: name) { return index }
        names.append(name)
        return names.count - 1
    }

    /// The run's value of `name`, result first (see the type's documentation).
    mutating func value(_ name: String) -> String {
        let index = index(of: name)
        return "(CASE WHEN v\(index)r.runId IS NOT NULL THEN v\(index)r.value ELSE v\(index)p.value END)"
    }

    /// The result and parameter columns of `name`, NULL where the run has none.
    mutating func columns(_ name: String) -> String {
        let index = index(of: name)
        return "v\(index)r.value, v\(index)p.value"
    }

    /// The `LEFT JOIN` clauses, to follow `FROM run`, and their arguments (each name twice).
    var sql: (String, [ParameterValue]) {
        let clauses = names.indices.map { index in
            " LEFT JOIN runValue AS v\(index)r ON v\(index)r.runId = run.id AND v\(index)r.role = 'result' AND v\(index)r.name = ?"
                + " LEFT JOIN runValue AS v\(index)p ON v\(index)p.runId = run.id AND v\(index)p.role = 'parameter' AND v\(index)p.name = ?"
        }
        return (clauses.joined(), names.flatMap { [ParameterValue.text($0), .text($0)] })
    }
}
