import Foundation

/// What a run records when it starts: kind, typed parameters, seed and inputs.
public struct RunDraft: Sendable {
    public var id: String
    public var kind: String
    public var parameters: [String: ParameterValue]
    public var seed: Int64?
    public var command: String
    public var softwareVersion: String
    public var host: String
    public var pid: Int64
    /// Inputs: artifact id and its role for this run.
    public var used: [(artifactId: String, role: String)]

    public init(
        id: String, kind: String, parameters: [String: ParameterValue] = [:], seed: Int64? = nil,
        command: String, softwareVersion: String, host: String, pid: Int64,
        used: [(artifactId: String, role: String)] = []
    ) {
        self.id = id
        self.kind = kind
        self.parameters = parameters
        self.seed = seed
        self.command = command
        self.softwareVersion = softwareVersion
        self.host = host
        self.pid = pid
        self.used = used
    }
}

/// An artifact a run produces, with the blobs (already written to `objects/`) it owns.
public struct ArtifactDraft: Sendable {
    public var record: ArtifactRecord
    /// Role → blob (hash, size), e.g. `["data": …, "montage": …]`.
    public var files: [String: BlobRecord]
    /// The artifact's role in the generating run (`output`, `checkpoint`…).
    public var role: String

    public init(record: ArtifactRecord, files: [String: BlobRecord], role: String = "output") {
        self.record = record
        self.files = files
        self.role = role
    }
}
