public import Foundation
public import GRDB

/// A content-addressed file in `objects/`, named by its SHA-256.
public struct BlobRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "blob"
    public var hash: String
    public var size: Int64
    public var createdAt: Date

    public init(hash: String, size: Int64, createdAt: Date = Date()) {
        self.hash = hash
        self.size = size
        self.createdAt = createdAt
    }
}

/// A blob attached to an artifact under a role (`data`, `montage`, `architecture`…).
public struct ArtifactFileRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifactFile"
    public var artifactId: String
    public var role: String
    public var blobHash: String

    public init(artifactId: String, role: String, blobHash: String) {
        self.artifactId = artifactId
        self.role = role
        self.blobHash = blobHash
    }
}
