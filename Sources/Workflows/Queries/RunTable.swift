public import ProjectStore

/// The table `operando runs` prints: id, kind, status and start time of each run, then one
/// column per requested value name — the run's result of that name, else its parameter, else
/// empty.
public enum RunTable {
    public static func header(valueNames: [String]) -> [String] {
        ["id", "kind", "status", "started"] + valueNames
    }

    public static func cells(_ rows: [RunRow], valueNames: [String]) -> [[String]] {
        rows.map { row in
            var cells = [row.run.id, row.run.kind, row.run.status.rawValue, ISO8601Timestamp.string(from: row.run.startedAt)]
            cells.reserveCapacity(4 + valueNames.count)
            for name in valueNames { cells.append((row.results[name] ?? row.parameters[name])?.description ?? "") }
            return cells
        }
    }
}
