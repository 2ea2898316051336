public import GRDB

/// A provenance edge: `run —used→ artifact` or `artifact —wasGeneratedBy→ run`.
public struct EdgeRecord: Codable, Sendable, Equatable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "edge"

    public enum Relation: String, Codable, Sendable, DatabaseValueConvertible {
        case used, generated
    }

    public var runId: String
    public var artifactId: String
    public var relation: Relation
    /// What the artifact was to the run (`input`, `model`, `dataset`, `recipe`…), free text.
    public var role: String

    public init(runId: String, artifactId: String, relation: Relation, role: String = "") {
        self.runId = runId
        self.artifactId = artifactId
        self.relation = relation
        self.role = role
    }
}
