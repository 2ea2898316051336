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
    /// One recursive SQL query over runs (through the `edge_artifact` index and the edge
    /// primary key) that returns the edges of every reached run: cost grows with the size of
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
        // A run is reached when it is `first`-linked to a reached artifact; an artifact is reached
        // when it is the start or `second`-linked to a reached run.
        let (first, second) = upstream ? ("generated", "used") : ("used", "generated")
        return try writer.read { db in
            let runEdges = try EdgeRecord.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE reachedRun(runId) AS (
                        SELECT runId FROM edge WHERE artifactId = ? AND relation = '\(first)'
                        UNION
                        SELECT a.runId FROM reachedRun
                        JOIN edge b ON b.runId = reachedRun.runId AND b.relation = '\(second)'
                        JOIN edge a ON a.artifactId = b.artifactId AND a.relation = '\(first)'
                    )
                    SELECT edge.* FROM reachedRun JOIN edge ON edge.runId = reachedRun.runId
                    """,
                arguments: [artifactId])
            let artifactIds = Set([artifactId] + runEdges.filter { $0.relation.rawValue == second }.map(\.artifactId))
            let edges = runEdges.filter { artifactIds.contains($0.artifactId) }
            let runIds = Array(Set(edges.map(\.runId)))
            let runs = try RunRecord.filter(keys: runIds).order(RunRecord.Columns.startedAt).fetchAll(db)
            let artifacts = try ArtifactRecord.filter(keys: Array(artifactIds)).order(ArtifactRecord.Columns.createdAt).fetchAll(db)
            return ProvenanceGraph(artifacts: artifacts, runs: runs, edges: edges)
        }
    }
}
