import Foundation
internal import GRDB

/// Every row of a provenance sub-graph, for moving it between projects.
public struct GraphRows: Codable, Sendable, Equatable {
    public var graph: ProvenanceGraph
    /// runId → role → name → value.
    public var values: [String: [String: [String: ParameterValue]]]
    public var files: [ArtifactFileRecord]
    public var blobs: [BlobRecord]
}

extension ProjectDatabase {
    /// All rows belonging to a graph (its runs' values, its artifacts' files and blobs).
    public func rows(of graph: ProvenanceGraph) throws -> GraphRows {
        try writer.read { db in
            let values = try Self.values(of: graph.runs.map(\.id), db)
            let artifactIds = graph.artifacts.map(\.id)
            let files = try ArtifactFileRecord.filter(artifactIds.contains(Column("artifactId"))).fetchAll(db)
            let blobs = try BlobRecord.filter(keys: Set(files.map(\.blobHash))).fetchAll(db)
            return GraphRows(graph: graph, values: values, files: files, blobs: blobs)
        }
    }

    /// Inserts a sub-graph from another project in one transaction; rows already present
    /// (same ids) are kept as they are. The blobs must already be stored.
    /// - Returns: how many artifacts and runs were new.
    @discardableResult
    public func insert(_ rows: GraphRows) throws -> (artifacts: Int, runs: Int) {
        try writer.write { db in
            var newArtifacts = 0
            var newRuns = 0
            for blob in rows.blobs { try blob.insert(db, onConflict: .ignore) }
            for artifact in rows.graph.artifacts where try !artifact.exists(db) {
                try artifact.insert(db)
                newArtifacts += 1
            }
            for file in rows.files { try file.insert(db, onConflict: .ignore) }
            for run in rows.graph.runs where try !run.exists(db) {
                try run.insert(db)
                newRuns += 1
                for (role, values) in rows.values[run.id] ?? [:] { try Self.insertValues(values, role: role, runId: run.id, db) }
            }
            for edge in rows.graph.edges { try edge.insert(db, onConflict: .ignore) }
            return (newArtifacts, newRuns)
        }
    }

    /// Deletes blob rows that no artifact references; returns their hashes.
    public func deleteUnreferencedBlobRows() throws -> [String] {
        try writer.write { db in
            let hashes = try String.fetchAll(db, sql: "SELECT hash FROM blob WHERE hash NOT IN (SELECT blobHash FROM artifactFile)")
            try db.execute(sql: "DELETE FROM blob WHERE hash NOT IN (SELECT blobHash FROM artifactFile)")
            return hashes
        }
    }
}
