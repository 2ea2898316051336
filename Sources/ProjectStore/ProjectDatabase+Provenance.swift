import Foundation
internal import GRDB

/// A connected piece of the provenance graph: artifacts, runs and the edges between them.
public struct ProvenanceGraph: Sendable, Codable, Equatable {
    public var artifacts: [ArtifactRecord]
    public var runs: [RunRecord]
    public var edges: [EdgeRecord]
}

extension ProjectDatabase {
    /// Every ancestor of an artifact: the runs that led to it and everything they used,
    /// transitively (stacks, preprocessing, simulations, training runs, weights).
    ///
    /// One recursive SQL query over the `edge_artifact` index: cost grows with the size of
    /// the answer, not of the store.
    public func lineage(of artifactId: String) throws -> ProvenanceGraph {
        try graph(from: artifactId, upstream: true)
    }

    /// Every descendant of an artifact: runs that used it and everything they generated.
    public func impact(of artifactId: String) throws -> ProvenanceGraph {
        try graph(from: artifactId, upstream: false)
    }

    private func graph(from artifactId: String, upstream: Bool) throws -> ProvenanceGraph {
        // Upstream: artifact ←generated— run —used→ artifact. Downstream: the reverse.
        let (first, second) = upstream ? ("generated", "used") : ("used", "generated")
        return try writer.read { db in
            let reachedSQL = """
                WITH RECURSIVE reached(artifactId) AS (
                    SELECT ?
                    UNION
                    SELECT b.artifactId FROM reached
                    JOIN edge a ON a.artifactId = reached.artifactId AND a.relation = '\(first)'
                    JOIN edge b ON b.runId = a.runId AND b.relation = '\(second)'
                )
                """
            let artifactIds = try String.fetchAll(db, sql: reachedSQL + " SELECT artifactId FROM reached", arguments: [artifactId])
            let edges = try EdgeRecord.fetchAll(
                db,
                sql: reachedSQL + """
                     , reachedRuns(runId) AS (
                        SELECT DISTINCT a.runId FROM reached JOIN edge a
                        ON a.artifactId = reached.artifactId AND a.relation = '\(first)'
                    )
                    SELECT edge.* FROM edge JOIN reachedRuns USING (runId)
                    WHERE edge.artifactId IN (SELECT artifactId FROM reached)
                    """,
                arguments: [artifactId])
            let runIds = Array(Set(edges.map(\.runId)))
            let runs = try RunRecord.filter(keys: runIds).order(RunRecord.Columns.startedAt).fetchAll(db)
            let artifacts = try ArtifactRecord.filter(keys: artifactIds).order(ArtifactRecord.Columns.createdAt).fetchAll(db)
            return ProvenanceGraph(artifacts: artifacts, runs: runs, edges: edges)
        }
    }
}
