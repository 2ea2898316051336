public import ProjectStore

/// The provenance questions the CLI asks, answered from a project's store.
extension Project {
    /// Lineage (`upstream`) or impact of an artifact given by id prefix or name.
    public func provenance(of reference: String, upstream: Bool) throws -> ProvenanceGraph {
        let artifact = try database.artifact(reference)
        return upstream ? try database.lineage(of: artifact.id) : try database.impact(of: artifact.id)
    }

    /// Runs of a kind matching a `--where` filter text.
    /// - Parameter valueNames: the parameter/result names each row needs (`nil`: all).
    public func runs(kind: String?, where condition: String?, sort: String, limit: Int?, valueNames: Set<String>? = nil) throws -> [RunRow] {
        try database.runs(kind: kind, filter: try condition.map { try RunFilter.parse($0) }, sort: sort, limit: limit, valueNames: valueNames)
    }

    /// One read-only SQL statement over the documented views.
    public func readOnlyQuery(_ sql: String) throws -> QueryResult {
        try ProjectDatabase.openReadOnly(at: databasePath).query(sql)
    }

    /// PROV-JSON of an artifact's lineage.
    public func provJSON(of reference: String) throws -> String {
        let graph = try provenance(of: reference, upstream: true)
        let parameters = try Dictionary(uniqueKeysWithValues: graph.runs.map { ($0.id, try database.values(of: $0.id, role: "parameter")) })
        return try ProvenanceExport.provJSON(graph, parameters: parameters)
    }
}
