import Foundation
internal import GRDB

extension ProjectDatabase {
    /// Records a run as `running`, with its parameters and its inputs, in one transaction.
    @discardableResult
    public func beginRun(_ draft: RunDraft) throws -> RunRecord {
        let run = RunRecord(
            id: draft.id, kind: draft.kind, status: .running, startedAt: Date(), endedAt: nil,
            seed: draft.seed, softwareVersion: draft.softwareVersion, host: draft.host,
            pid: draft.pid, command: draft.command, error: nil)
        try writer.write { db in
            try run.insert(db)
            try Self.insertValues(draft.parameters, role: "parameter", runId: run.id, db)
            for (artifactId, role) in draft.used {
                try EdgeRecord(runId: run.id, artifactId: artifactId, relation: .used, role: role)
                    .insert(db, onConflict: .ignore)
            }
        }
        return run
    }

    /// Adds an input to a running run (e.g. a checkpoint it resumed from).
    public func addUsed(runId: String, artifactId: String, role: String) throws {
        try writer.write { db in
            try EdgeRecord(runId: runId, artifactId: artifactId, relation: .used, role: role)
                .insert(db, onConflict: .ignore)
        }
    }

    /// Stores outputs and results of a run and marks it `done`, all in one transaction.
    ///
    /// The blobs must already be on disk (written, fsynced and renamed) so that no row ever
    /// points at a missing file. An output whose identity is already stored is not stored
    /// again: the existing artifact is returned in its place, and this run is recorded as having
    /// used it (it re-derived it) rather than generated it.
    /// - Returns: the stored artifacts, in the order of `outputs`.
    @discardableResult
    public func completeRun(
        _ runId: String, outputs: [ArtifactDraft] = [], results: [String: ParameterValue] = [:],
        status: RunRecord.Status = .done
    ) throws -> [ArtifactRecord] {
        try writer.write { db in
            let stored = try outputs.map { try Self.insertOutput($0, runId: runId, db) }
            try Self.insertValues(results, role: "result", runId: runId, db)
            try db.execute(
                sql: "UPDATE run SET status = ?, endedAt = ? WHERE id = ?",
                arguments: [status.rawValue, Date(), runId])
            return stored
        }
    }

    /// Stores outputs of a run that is still going (checkpoints, finished sweep points).
    @discardableResult
    public func addOutputs(_ runId: String, outputs: [ArtifactDraft]) throws -> [ArtifactRecord] {
        try writer.write { db in try outputs.map { try Self.insertOutput($0, runId: runId, db) } }
    }

    /// Marks a run `failed` with its error message.
    public func failRun(_ runId: String, error: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE run SET status = 'failed', endedAt = ?, error = ? WHERE id = ? AND status = 'running'",
                arguments: [Date(), error, runId])
        }
    }

    /// Marks `running` runs of this host whose process is gone as `interrupted`.
    /// - Returns: the number of runs marked.
    @discardableResult
    public func markInterruptedRuns(host: String, isAlive: (Int64) -> Bool) throws -> Int {
        try writer.write { db in
            let running = try RunRecord.filter(sql: "status = 'running' AND host = ?", arguments: [host]).fetchAll(db)
            var marked = 0
            for run in running where !isAlive(run.pid) {
                try db.execute(sql: "UPDATE run SET status = 'interrupted' WHERE id = ?", arguments: [run.id])
                marked += 1
            }
            return marked
        }
    }

    static func insertValues(_ values: [String: ParameterValue], role: String, runId: String, _ db: Database) throws {
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            let stored: any DatabaseValueConvertible =
                switch value {
                case .integer(let number): number
                case .real(let number): number
                case .text(let text): text
                }
            try db.execute(
                sql: "INSERT OR REPLACE INTO runValue (runId, role, name, value) VALUES (?, ?, ?, ?)",
                arguments: [runId, role, name, stored])
        }
    }

    static func insertOutput(_ draft: ArtifactDraft, runId: String, _ db: Database) throws -> ArtifactRecord {
        if let existing = try ArtifactRecord.filter(ArtifactRecord.Columns.identity == draft.record.identity).fetchOne(db) {
            try EdgeRecord(runId: runId, artifactId: existing.id, relation: .used, role: "reused")
                .insert(db, onConflict: .ignore)
            return existing
        }
        try draft.record.insert(db)
        for (role, blob) in draft.files.sorted(by: { $0.key < $1.key }) {
            try blob.insert(db, onConflict: .ignore)
            try ArtifactFileRecord(artifactId: draft.record.id, role: role, blobHash: blob.hash).insert(db)
        }
        try EdgeRecord(runId: runId, artifactId: draft.record.id, relation: .generated, role: draft.role).insert(db)
        return draft.record
    }
}
