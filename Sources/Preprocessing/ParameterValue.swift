/// A parameter value in the flat text form of a step: a number, a string or a boolean.
///
/// Numbers are stored as `Double`; integer parameters must hold integral values.
public enum ParameterValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .bool(value): try container.encode(value)
        }
    }

    /// The canonical JSON text of the value: integral numbers without a fraction (`64`), others
    /// in Swift's shortest round-trip form (`1.5`, `0.0002`, `1e-07`), strings JSON-escaped.
    public var canonicalJSON: String {
        switch self {
        case let .number(value): return CanonicalJSON.number(value)
        case let .string(value): return CanonicalJSON.string(value)
        case let .bool(value): return value ? "true" : "false"
        }
    }

    public var description: String {
        switch self {
        case let .number(value): return CanonicalJSON.number(value)
        case let .string(value): return value
        case let .bool(value): return value ? "true" : "false"
        }
    }

    /// Reads a bare token from a CLI spec or TOML value: `true`/`false`, a number, a quoted or
    /// bare string.
    static func parse(token: String) -> ParameterValue {
        let trimmed = token.trimmed
        if trimmed == "true" { return .bool(true) }
        if trimmed == "false" { return .bool(false) }
        if trimmed.count >= 2, trimmed.first == "\"", trimmed.last == "\"" {
            return .string(String(trimmed.dropFirst().dropLast()))
        }
        if let number = Double(trimmed), number.isFinite { return .number(number) }
        return .string(trimmed)
    }
}

/// Canonical JSON pieces: one spelling per value, so equal recipes give equal text (and hash).
enum CanonicalJSON {
    static func number(_ value: Double) -> String {
        if value == 0 { return "0" }  // also folds −0
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `{"a":1,"b":"x"}` with keys sorted by their UTF-8 bytes.
    static func object(_ members: [(String, String)]) -> String {
        let sorted = members.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        return "{" + sorted.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
