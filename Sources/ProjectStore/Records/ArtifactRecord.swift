public import Foundation
public import GRDB

/// One artifact (a W3C PROV entity): a stack, a preprocessed stack, a simulation, a dataset,
/// weights, a prediction, an inference result, a report…
///
/// `identity` is the canonical description of what makes two artifacts the same (e.g. the
/// SHA-256 of an imported file, or input id + recipe hash for a preprocessed stack); the store
/// refuses a second artifact with the same identity, which is how repeated work is recognised.
public struct ArtifactRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifact"
    /// Deterministic id: `<kind prefix>-<first 12 hex of SHA-256(kind + identity)>`.
    public var id: String
    public var kind: String
    public var name: String?
    public var identity: String
    /// JSON object with kind-specific facts (shape, dtype, calibration, parameters…).
    public var metadata: String
    public var createdAt: Date

    public init(id: String, kind: String, name: String?, identity: String, metadata: String, createdAt: Date = Date()) {
        self.id = id
        self.kind = kind
        self.name = name
        self.identity = identity
        self.metadata = metadata
        self.createdAt = createdAt
    }

    public enum Columns {
        public static let id = Column("id")
        public static let kind = Column("kind")
        public static let name = Column("name")
        public static let identity = Column("identity")
        public static let createdAt = Column("createdAt")
    }
}
