public import Foundation
public import ProjectStore

/// An artifact as `operando show` and the listings present it: the record, its metadata as
/// JSON, its files and the run that made it with that run's parameters.
public struct ArtifactSummary: Codable, Sendable {
    public var id: String
    public var kind: String
    public var name: String?
    public var createdAt: Date
    /// Kind-specific facts (shape, dtype, calibration…), decoded from the stored JSON.
    public var metadata: JSONValue
    /// Role → blob hash.
    public var files: [String: String]
    public var generatedBy: String?
    public var runKind: String?
    public var parameters: [String: ParameterValue]?

    /// Loads the full summary of one artifact.
    public static func load(_ reference: String, in project: Project) throws -> ArtifactSummary {
        try make(try project.database.artifact(reference), project: project, withRun: true)
    }

    /// Lists the artifacts of a kind.
    public static func list(kind: ArtifactKind?, in project: Project) throws -> [ArtifactSummary] {
        try project.database.artifacts(kind: kind?.rawValue).map { try make($0, project: project, withRun: false) }
    }

    static func make(_ record: ArtifactRecord, project: Project, withRun: Bool) throws -> ArtifactSummary {
        let run = withRun ? try project.database.generatingRun(of: record.id) : nil
        return ArtifactSummary(
            id: record.id, kind: record.kind, name: record.name, createdAt: record.createdAt,
            metadata: try JSON.decode(JSONValue.self, from: record.metadata),
            files: try project.database.files(of: record.id), generatedBy: run?.id, runKind: run?.kind,
            parameters: try run.map { try project.database.values(of: $0.id, role: "parameter") })
    }
}

/// Any JSON value, for metadata whose shape depends on the artifact kind.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// A compact one-line rendering for tables.
    public var compact: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        case .array(let values): "[" + values.map(\.compact).joined(separator: ", ") + "]"
        case .object(let values): "{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.compact)" }.joined(separator: ", ") + "}"
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let values) = self { return values[key] }
        return nil
    }
}
