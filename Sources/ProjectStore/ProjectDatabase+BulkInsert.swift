public import Foundation
internal import GRDB

/// A run that is already over, with everything the store keeps about it: what bulk loading
/// (benchmarks, synthetic stores) writes in one go instead of `beginRun` + `completeRun`.
public struct CompletedRun: Sendable {
    /// Id, kind, parameters, seed, software version, host, pid, command and inputs.
    public var draft: RunDraft
    public var status: RunRecord.Status
    public var startedAt: Date
    public var endedAt: Date?
    public var results: [String: ParameterValue]
    /// Generated artifacts (with their blobs, which must already be in `objects/`).
    public var outputs: [ArtifactDraft]

    public init(
        draft: RunDraft, status: RunRecord.Status = .done, startedAt: Date, endedAt: Date?,
        results: [String: ParameterValue] = [:], outputs: [ArtifactDraft] = []
    ) {
        self.draft = draft
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.results = results
        self.outputs = outputs
    }
}

extension ProjectDatabase {
    /// Stores many finished runs in one transaction, with the same rows `beginRun` followed by
    /// `completeRun` would write (including the re-use of an output whose identity is already
    /// stored), through prepared statements that are compiled once per call.
    ///
    /// A run's inputs must be stored before it (earlier in `runs`, or already in the store).
    public func insertCompletedRuns(_ runs: [CompletedRun]) throws {
        try writer.write { db in
            let insertRun = try db.makeStatement(sql: """
                INSERT INTO run (id, kind, status, startedAt, endedAt, seed, softwareVersion, host, pid, command, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                """)
            let insertValue = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO runValue (runId, role, name, value) VALUES (?, ?, ?, ?)")
            let insertEdge = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO edge (runId, artifactId, relation, role) VALUES (?, ?, ?, ?)")
            let findIdentity = try db.makeStatement(sql: "SELECT id FROM artifact WHERE identity = ?")
            let insertArtifact = try db.makeStatement(
                sql: "INSERT INTO artifact (id, kind, name, identity, metadata, createdAt) VALUES (?, ?, ?, ?, ?, ?)")
            let insertBlob = try db.makeStatement(sql: "INSERT OR IGNORE INTO blob (hash, size, createdAt) VALUES (?, ?, ?)")
            let insertFile = try db.makeStatement(sql: "INSERT INTO artifactFile (artifactId, role, blobHash) VALUES (?, ?, ?)")

            for completed in runs {
                let draft = completed.draft
                try insertRun.execute(arguments: [
                    draft.id, draft.kind, completed.status.rawValue, completed.startedAt, completed.endedAt,
                    draft.seed, draft.softwareVersion, draft.host, draft.pid, draft.command,
                ])
                for (role, values) in [("parameter", draft.parameters), ("result", completed.results)] {
                    for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                        try insertValue.execute(arguments: [draft.id, role, name, Self.databaseValue(value)])
                    }
                }
                for (artifactId, role) in draft.used {
                    try insertEdge.execute(arguments: [draft.id, artifactId, "used", role])
                }
                for output in completed.outputs {
                    let record = output.record
                    if let existing = try String.fetchOne(findIdentity, arguments: [record.identity]) {
                        try insertEdge.execute(arguments: [draft.id, existing, "used", "reused"])
                        continue
                    }
                    try insertArtifact.execute(arguments: [
                        record.id, record.kind, record.name, record.identity, record.metadata, record.createdAt,
                    ])
                    for (role, blob) in output.files.sorted(by: { $0.key < $1.key }) {
                        try insertBlob.execute(arguments: [blob.hash, blob.size, blob.createdAt])
                        try insertFile.execute(arguments: [record.id, role, blob.hash])
                    }
                    try insertEdge.execute(arguments: [draft.id, record.id, "generated", output.role])
                }
            }
        }
    }
}
