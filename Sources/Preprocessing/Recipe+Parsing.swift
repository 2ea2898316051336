/// Recipe parsers: CLI-style specs and a minimal TOML recipe file.
///
/// **CLI spec**, one step per string: `kind[=primary][:key=value]…`, e.g.
/// `resize=64x64`, `denoise=gaussian:sigma=1.5`, `segment=otsu:output=soft`. The primary value
/// depends on the kind:
///
/// | kind | primary value |
/// |---|---|
/// | `resize` | `WIDTHxHEIGHT` or one number for a square |
/// | `crop` | `WIDTHxHEIGHT+X+Y` (ImageMagick geometry) |
/// | `denoise` | `gaussian`, `median`, `nlm`, `tv` or `hotpixels` (becomes the kind) |
/// | `segment`, `drift` | `method` |
/// | `convert` | `polarity` |
/// | `frames` | `START..END` with optional `/STEP` (`..20/2`, `5../3`) |
/// | `gaussian`, `flatfield` | `sigma`; `median`: `radius`; `hotpixels`: `threshold` |
///
/// **TOML file**: `[[step]]` tables, each with `kind = "…"` and `key = value` lines (number,
/// `"string"` or `true`/`false`); `#` starts a comment. Nothing else is accepted.
/// ```toml
/// [[step]]
/// kind = "resize"
/// width = 64
/// height = 64
/// ```
extension Recipe {
    /// Parses CLI-style step specs, in order.
    /// - Throws: `PreprocessingError.syntax` (line = position of the spec, from 1) for malformed
    ///   text, and the step errors of `PreprocessingStep.init(kind:parameters:index:)`.
    public init(specs: [String]) throws {
        var steps: [PreprocessingStep] = []
        for (index, spec) in specs.enumerated() {
            steps.append(try Self.parseSpec(spec, index: index))
        }
        self.init(steps)
    }

    /// Parses a minimal TOML recipe (see the type's documentation).
    public init(toml text: String) throws {
        var tables: [(line: Int, values: [String: ParameterValue])] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = Self.stripComment(String(rawLine)).trimmed
            if line.isEmpty { continue }
            if line == "[[step]]" {
                tables.append((lineNumber, [:]))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw PreprocessingError.syntax(line: lineNumber, text: line, problem: "expected '[[step]]' or 'key = value'")
            }
            let key = String(line[..<equals]).trimmed
            let valueText = String(line[line.index(after: equals)...]).trimmed
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw PreprocessingError.syntax(line: lineNumber, text: line, problem: "a key is letters, digits or '_'")
            }
            guard !valueText.isEmpty, valueText.first == "\"" || !valueText.contains(" ") else {
                throw PreprocessingError.syntax(line: lineNumber, text: line, problem: "a value is a number, \"string\", true or false")
            }
            if valueText.first == "\"" && (valueText.count < 2 || valueText.last != "\"") {
                throw PreprocessingError.syntax(line: lineNumber, text: line, problem: "unterminated string")
            }
            guard !tables.isEmpty else {
                throw PreprocessingError.syntax(line: lineNumber, text: line, problem: "'key = value' before the first '[[step]]'")
            }
            guard tables[tables.count - 1].values[key] == nil else {
                throw PreprocessingError.syntax(line: lineNumber, text: line, problem: "duplicate key '\(key)'")
            }
            tables[tables.count - 1].values[key] = ParameterValue.parse(token: valueText)
        }
        var steps: [PreprocessingStep] = []
        for (index, table) in tables.enumerated() {
            var values = table.values
            guard case let .string(kind)? = values.removeValue(forKey: "kind") else {
                throw PreprocessingError.syntax(line: table.line, text: "[[step]]", problem: "the table has no kind = \"…\" line")
            }
            steps.append(try PreprocessingStep(kind: kind, parameters: values, index: index))
        }
        self.init(steps)
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        var result = ""
        for character in line {
            if character == "\"" { inString.toggle() }
            if character == "#" && !inString { break }
            result.append(character)
        }
        return result
    }

    static func parseSpec(_ spec: String, index: Int) throws -> PreprocessingStep {
        let syntax = { (problem: String) in PreprocessingError.syntax(line: index + 1, text: spec, problem: problem) }
        let pieces = spec.trimmed.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmed }
        guard let head = pieces.first, !head.isEmpty else { throw syntax("empty step") }
        var parameters: [String: ParameterValue] = [:]
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else { throw syntax("expected key=value, got '\(piece)'") }
            guard parameters[pair[0].lowercased()] == nil else { throw syntax("duplicate key '\(pair[0])'") }
            parameters[pair[0].lowercased()] = ParameterValue.parse(token: pair[1])
        }
        let headPair = head.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
        var kind = headPair[0].lowercased()
        if headPair.count == 2 {
            let primary = headPair[1]
            func set(_ key: String, _ value: ParameterValue) throws {
                guard parameters[key] == nil else { throw syntax("'\(key)' given twice") }
                parameters[key] = value
            }
            switch kind {
            case "resize":
                let size = primary.lowercased().split(separator: "x").map { Double(String($0)) }
                guard (size.count == 1 || size.count == 2), let width = size[0], let height = size.last ?? nil else {
                    throw syntax("resize size is WIDTHxHEIGHT or one number, got '\(primary)'")
                }
                try set("width", .number(width))
                try set("height", .number(height))
            case "crop":
                let parts = primary.lowercased().split(whereSeparator: { $0 == "x" || $0 == "+" }).map { Double(String($0)) }
                guard parts.count == 4, parts.allSatisfy({ $0 != nil }) else {
                    throw syntax("crop geometry is WIDTHxHEIGHT+X+Y, got '\(primary)'")
                }
                for (key, value) in zip(["width", "height", "x", "y"], parts) { try set(key, .number(value ?? 0)) }
            case "denoise":
                kind = primary.lowercased()
            case "segment", "drift":
                try set("method", .string(primary))
            case "convert":
                try set("polarity", .string(primary))
            case "frames":
                let stepSplit = primary.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard let dots = stepSplit[0].firstRange(of: "..") else { throw syntax("frames range is START..END[/STEP], got '\(primary)'") }
                let bounds = [String(stepSplit[0][..<dots.lowerBound]), String(stepSplit[0][dots.upperBound...])]
                for (key, text) in [("start", bounds[0]), ("end", bounds[1])] + (stepSplit.count == 2 ? [("step", stepSplit[1])] : [])
                where !text.isEmpty {
                    guard let number = Double(text) else { throw syntax("'\(text)' is not a number") }
                    try set(key, .number(number))
                }
            case "gaussian", "flatfield":
                try set("sigma", ParameterValue.parse(token: primary))
            case "median":
                try set("radius", ParameterValue.parse(token: primary))
            case "hotpixels":
                try set("threshold", ParameterValue.parse(token: primary))
            default:
                if PreprocessingStep.kinds.contains(kind) {
                    throw syntax("step '\(kind)' takes no value after '='; use :key=value")
                }
                throw PreprocessingError.unknownStep(index: index, kind: kind)
            }
        }
        return try PreprocessingStep(kind: kind, parameters: parameters, index: index)
    }
}
