import Foundation
internal import GRDB

extension ProjectDatabase {
    /// The artifact whose id starts with `reference`, or whose name equals it (the newest of that
    /// name); with `kinds`, only artifacts of those kinds are considered.
    public func artifact(_ reference: String, kinds: [String]? = nil) throws -> ArtifactRecord {
        try writer.read { db in
            var byIdRequest = ArtifactRecord.filter(sql: "id LIKE ? ESCAPE '\\'", arguments: [Self.likePrefix(reference)])
            if let kinds { byIdRequest = byIdRequest.filter(kinds.contains(ArtifactRecord.Columns.kind)) }
            let byId = try byIdRequest.limit(6).fetchAll(db)
            if byId.count == 1 { return byId[0] }
            if byId.count > 1 { throw StoreError.ambiguous(kind: "artifact", reference: reference, candidates: byId.map(\.id)) }
            var byNameRequest = ArtifactRecord.filter(ArtifactRecord.Columns.name == reference)
            if let kinds { byNameRequest = byNameRequest.filter(kinds.contains(ArtifactRecord.Columns.kind)) }
            let byName = try byNameRequest.order(ArtifactRecord.Columns.createdAt.desc).fetchAll(db)
            guard let newest = byName.first else { throw StoreError.notFound(kind: "artifact", reference: reference) }
            return newest
        }
    }

    /// The artifact with this identity, if stored.
    public func artifact(identity: String) throws -> ArtifactRecord? {
        try writer.read { db in try ArtifactRecord.filter(ArtifactRecord.Columns.identity == identity).fetchOne(db) }
    }

    /// All artifacts of a kind (or all), oldest first.
    public func artifacts(kind: String? = nil) throws -> [ArtifactRecord] {
        try writer.read { db in
            var request = ArtifactRecord.all()
            if let kind { request = request.filter(ArtifactRecord.Columns.kind == kind) }
            return try request.order(ArtifactRecord.Columns.createdAt, ArtifactRecord.Columns.id).fetchAll(db)
        }
    }

    /// The blobs of an artifact, by role.
    public func files(of artifactId: String) throws -> [String: String] {
        try writer.read { db in
            let files = try ArtifactFileRecord.filter(sql: "artifactId = ?", arguments: [artifactId]).fetchAll(db)
            return Dictionary(uniqueKeysWithValues: files.map { ($0.role, $0.blobHash) })
        }
    }

    /// Every blob row with the size recorded for it.
    public func blobs() throws -> [BlobRecord] {
        try writer.read { db in try BlobRecord.fetchAll(db) }
    }

    /// Every artifact-file row.
    public func artifactFiles() throws -> [ArtifactFileRecord] {
        try writer.read { db in try ArtifactFileRecord.fetchAll(db) }
    }

    /// The run whose id starts with `reference`.
    public func run(_ reference: String) throws -> RunRecord {
        try writer.read { db in
            let runs = try RunRecord.filter(sql: "id LIKE ? ESCAPE '\\'", arguments: [Self.likePrefix(reference)]).limit(6).fetchAll(db)
            if runs.count == 1 { return runs[0] }
            if runs.isEmpty { throw StoreError.notFound(kind: "run", reference: reference) }
            throw StoreError.ambiguous(kind: "run", reference: reference, candidates: runs.map(\.id))
        }
    }

    /// Parameters (`role = parameter`) or results (`role = result`) of a run.
    public func values(of runId: String, role: String) throws -> [String: ParameterValue] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, value FROM runValue WHERE runId = ? AND role = ?", arguments: [runId, role])
            var values: [String: ParameterValue] = [:]
            for row in rows {
                let name: String = row["name"]
                switch (row["value"] as DatabaseValue).storage {
                case .int64(let number): values[name] = .integer(number)
                case .double(let number): values[name] = .real(number)
                case .string(let text): values[name] = .text(text)
                case .blob, .null: continue
                }
            }
            return values
        }
    }

    /// The run that generated an artifact, if any.
    public func generatingRun(of artifactId: String) throws -> RunRecord? {
        try writer.read { db in
            try RunRecord.fetchOne(
                db,
                sql: "SELECT run.* FROM run JOIN edge ON edge.runId = run.id WHERE edge.artifactId = ? AND edge.relation = 'generated'",
                arguments: [artifactId])
        }
    }

    /// The edges of a run.
    public func edges(ofRun runId: String) throws -> [EdgeRecord] {
        try writer.read { db in try EdgeRecord.filter(sql: "runId = ?", arguments: [runId]).fetchAll(db) }
    }

    /// All runs of a kind (or all), oldest first.
    public func runs(kind: String? = nil) throws -> [RunRecord] {
        try writer.read { db in
            var request = RunRecord.all()
            if let kind { request = request.filter(RunRecord.Columns.kind == kind) }
            return try request.order(RunRecord.Columns.startedAt).fetchAll(db)
        }
    }

    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
