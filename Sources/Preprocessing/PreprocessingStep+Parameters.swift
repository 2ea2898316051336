/// The flat text form of a step: a `kind` plus `key = value` parameters, every parameter present
/// (defaults filled in). The CLI spec, the TOML recipe file, `Codable` and the canonical
/// description all go through `init(kind:parameters:index:)` and `parameters`.
///
/// | kind | parameters (default) |
/// |---|---|
/// | `crop` | `x` (0), `y` (0), `width`, `height` (required) |
/// | `resize` | `width`, `height` (required), `method` (`auto`; `area`, `bilinear`, `bicubic`, `nearest`) |
/// | `gaussian` | `sigma` (1) |
/// | `median` | `radius` (1) |
/// | `nlm` | `patch` (7), `distance` (11), `h` (`auto` = 0.8 σ̂), `sigma` (`auto` = σ̂) |
/// | `tv` | `weight` (0.1), `eps` (0.0002), `iterations` (200) |
/// | `hotpixels` | `threshold` (6, in robust σ) |
/// | `frames` | `start` (0), `end` (`all`), `step` (1) |
/// | `normalize` | `low` (1), `high` (99) percentiles |
/// | `drift` | `reference` (0), `method` (`gain` with `percentile` (50); `linear` with `low` (5), `high` (95); `background` with `band` (16 px), `window` (0.3)) |
/// | `flatfield` | `sigma` (32) |
/// | `segment` | `method` (`otsu`; `multiotsu` with `classes` (3); `threshold` with `value`), `output` (`binary`/`soft`), `opening` (0), `closing` (0), `minsize` (0) |
/// | `convert` | `polarity` (`auto`, `keep`, `invert`), `range` (`otsu`; `percentile` / `fixed` with `low`, `high`; `unit`) |
extension PreprocessingStep {
    /// Every step kind, in the order of the table above.
    public static let kinds = [
        "crop", "resize", "gaussian", "median", "nlm", "tv", "hotpixels", "frames", "normalize",
        "drift", "flatfield", "segment", "convert",
    ]

    /// The parameter names a kind accepts (all methods together).
    public static func parameterNames(of kind: String) -> [String] {
        switch kind {
        case "crop": return ["x", "y", "width", "height"]
        case "resize": return ["width", "height", "method"]
        case "gaussian": return ["sigma"]
        case "median": return ["radius"]
        case "nlm": return ["patch", "distance", "h", "sigma"]
        case "tv": return ["weight", "eps", "iterations"]
        case "hotpixels": return ["threshold"]
        case "frames": return ["start", "end", "step"]
        case "normalize": return ["low", "high"]
        case "drift": return ["reference", "method", "percentile", "low", "high", "band", "window"]
        case "flatfield": return ["sigma"]
        case "segment": return ["method", "classes", "value", "output", "opening", "closing", "minsize"]
        case "convert": return ["polarity", "range", "low", "high"]
        default: return []
        }
    }

    /// The kind of this step (first column of the table).
    public var kind: String {
        switch self {
        case .crop: return "crop"
        case .resize: return "resize"
        case .gaussian: return "gaussian"
        case .median: return "median"
        case .nonLocalMeans: return "nlm"
        case .totalVariation: return "tv"
        case .hotPixels: return "hotpixels"
        case .frames: return "frames"
        case .normalize: return "normalize"
        case .drift: return "drift"
        case .flatField: return "flatfield"
        case .segment: return "segment"
        case .convert: return "convert"
        }
    }

    /// Every parameter with its value, defaults included, sorted by name.
    public var parameters: [(name: String, value: ParameterValue)] {
        let n = { (x: Double) in ParameterValue.number(x) }
        let i = { (x: Int) in ParameterValue.number(Double(x)) }
        let s = { (x: String) in ParameterValue.string(x) }
        var list: [(String, ParameterValue)]
        switch self {
        case let .crop(x, y, width, height):
            list = [("x", i(x)), ("y", i(y)), ("width", i(width)), ("height", i(height))]
        case let .resize(width, height, method):
            list = [("width", i(width)), ("height", i(height)), ("method", s(method.rawValue))]
        case let .gaussian(sigma):
            list = [("sigma", n(sigma))]
        case let .median(radius):
            list = [("radius", i(radius))]
        case let .nonLocalMeans(patch, distance, strength, noise):
            list = [
                ("patch", i(patch)), ("distance", i(distance)), ("h", strength.map(n) ?? s("auto")),
                ("sigma", noise.map(n) ?? s("auto")),
            ]
        case let .totalVariation(weight, tolerance, iterations):
            list = [("weight", n(weight)), ("eps", n(tolerance)), ("iterations", i(iterations))]
        case let .hotPixels(threshold):
            list = [("threshold", n(threshold))]
        case let .frames(start, end, step):
            list = [("start", i(start)), ("end", end.map(i) ?? s("all")), ("step", i(step))]
        case let .normalize(low, high):
            list = [("low", n(low)), ("high", n(high))]
        case let .drift(reference, .gain(percentile)):
            list = [("reference", i(reference)), ("method", s("gain")), ("percentile", n(percentile))]
        case let .drift(reference, .linear(low, high)):
            list = [("reference", i(reference)), ("method", s("linear")), ("low", n(low)), ("high", n(high))]
        case let .drift(reference, .backgroundGain(band, window)):
            list = [("reference", i(reference)), ("method", s("background")), ("band", i(band)), ("window", n(window))]
        case let .flatField(sigma):
            list = [("sigma", n(sigma))]
        case let .segment(segmentation):
            switch segmentation.method {
            case .otsu: list = [("method", s("otsu"))]
            case let .multiOtsu(classes): list = [("method", s("multiotsu")), ("classes", i(classes))]
            case let .fixed(value): list = [("method", s("threshold")), ("value", n(value))]
            }
            list += [
                ("output", s(segmentation.output.rawValue)), ("opening", i(segmentation.openingRadius)),
                ("closing", i(segmentation.closingRadius)), ("minsize", i(segmentation.minimumSize)),
            ]
        case let .convert(polarity, range):
            list = [("polarity", s(polarity.rawValue))]
            switch range {
            case .otsuClasses: list.append(("range", s("otsu")))
            case let .percentiles(low, high): list += [("range", s("percentile")), ("low", n(low)), ("high", n(high))]
            case let .fixed(low, high): list += [("range", s("fixed")), ("low", n(low)), ("high", n(high))]
            case .unit: list.append(("range", s("unit")))
            }
        }
        return list.sorted { $0.0 < $1.0 }.map { (name: $0.0, value: $0.1) }
    }

    /// The canonical JSON object of this step: `{"kind":"resize","height":64,…}` with sorted keys.
    public var canonicalDescription: String {
        CanonicalJSON.object(
            [("kind", CanonicalJSON.string(kind))] + parameters.map { ($0.name, $0.value.canonicalJSON) })
    }

    /// Builds a step from its flat form and validates it.
    ///
    /// `kind = "denoise"` with `method = gaussian | median | nlm | tv | hotpixels` is accepted as an
    /// alias for that kind. Missing parameters take the defaults of the table above.
    /// - Parameter index: the step's position in its recipe, for error messages.
    /// - Throws: `PreprocessingError.unknownStep`, `.unknownParameter`, `.invalidParameter`.
    public init(kind rawKind: String, parameters rawParameters: [String: ParameterValue], index: Int) throws {
        var kind = rawKind.lowercased()
        var parameters = rawParameters
        if kind == "denoise" {
            guard case let .string(method)? = parameters.removeValue(forKey: "method") else {
                throw PreprocessingError.invalidParameter(
                    index: index, kind: kind, parameter: "method",
                    problem: "is required: gaussian, median, nlm, tv or hotpixels")
            }
            kind = method.lowercased()
        }
        guard Self.kinds.contains(kind) else { throw PreprocessingError.unknownStep(index: index, kind: kind) }
        var reader = ParameterReader(index: index, kind: kind, values: parameters)
        switch kind {
        case "crop":
            self = .crop(
                x: try reader.integer("x", default: 0), y: try reader.integer("y", default: 0),
                width: try reader.integer("width", default: nil), height: try reader.integer("height", default: nil))
        case "resize":
            self = .resize(
                width: try reader.integer("width", default: nil), height: try reader.integer("height", default: nil),
                method: try reader.choice("method", default: ResizeMethod.auto))
        case "gaussian":
            self = .gaussian(sigma: try reader.number("sigma", default: 1))
        case "median":
            self = .median(radius: try reader.integer("radius", default: 1))
        case "nlm":
            self = .nonLocalMeans(
                patchSize: try reader.integer("patch", default: 7), searchDistance: try reader.integer("distance", default: 11),
                strength: try reader.optionalNumber("h", absentWord: "auto"),
                noise: try reader.optionalNumber("sigma", absentWord: "auto"))
        case "tv":
            self = .totalVariation(
                weight: try reader.number("weight", default: 0.1), tolerance: try reader.number("eps", default: 2e-4),
                maxIterations: try reader.integer("iterations", default: 200))
        case "hotpixels":
            self = .hotPixels(threshold: try reader.number("threshold", default: 6))
        case "frames":
            let end = try reader.optionalNumber("end", absentWord: "all")
            self = .frames(
                start: try reader.integer("start", default: 0),
                end: try end.map { try reader.integral($0, "end") }, step: try reader.integer("step", default: 1))
        case "normalize":
            self = .normalize(low: try reader.number("low", default: 1), high: try reader.number("high", default: 99))
        case "drift":
            let reference = try reader.integer("reference", default: 0)
            switch try reader.word("method", default: "gain", allowed: ["gain", "linear", "background"]) {
            case "gain": self = .drift(reference: reference, method: .gain(percentile: try reader.number("percentile", default: 50)))
            case "background":
                self = .drift(
                    reference: reference,
                    method: .backgroundGain(band: try reader.integer("band", default: 16), window: try reader.number("window", default: 0.3)))
            default:
                self = .drift(
                    reference: reference,
                    method: .linear(low: try reader.number("low", default: 5), high: try reader.number("high", default: 95)))
            }
        case "flatfield":
            self = .flatField(sigma: try reader.number("sigma", default: 32))
        case "segment":
            let method: Segmentation.Method
            switch try reader.word("method", default: "otsu", allowed: ["otsu", "multiotsu", "threshold"]) {
            case "otsu": method = .otsu
            case "multiotsu": method = .multiOtsu(classes: try reader.integer("classes", default: 3))
            default: method = .fixed(try reader.number("value", default: nil))
            }
            self = .segment(
                Segmentation(
                    method: method, output: try reader.choice("output", default: Segmentation.Output.binary),
                    openingRadius: try reader.integer("opening", default: 0),
                    closingRadius: try reader.integer("closing", default: 0),
                    minimumSize: try reader.integer("minsize", default: 0)))
        default:  // convert
            let polarity = try reader.choice("polarity", default: Polarity.auto)
            let range: IntensityRange
            switch try reader.word("range", default: "otsu", allowed: ["otsu", "percentile", "fixed", "unit"]) {
            case "otsu": range = .otsuClasses
            case "unit": range = .unit
            case "percentile":
                range = .percentiles(low: try reader.number("low", default: 1), high: try reader.number("high", default: 99))
            default: range = .fixed(low: try reader.number("low", default: nil), high: try reader.number("high", default: nil))
            }
            self = .convert(polarity: polarity, range: range)
        }
        try reader.rejectUnused()
        try validate(index: index)
    }

    /// Checks every parameter's range (independent of the input shape).
    /// - Throws: `PreprocessingError.invalidParameter` naming the step and parameter.
    public func validate(index: Int) throws {
        func require(_ condition: Bool, _ parameter: String, _ problem: String) throws {
            if !condition {
                throw PreprocessingError.invalidParameter(index: index, kind: kind, parameter: parameter, problem: problem)
            }
        }
        func percentile(_ value: Double, _ name: String) throws {
            try require(value >= 0 && value <= 100, name, "must be a percentile in [0, 100], got \(value)")
        }
        switch self {
        case let .crop(x, y, width, height):
            try require(x >= 0, "x", "must be ≥ 0, got \(x)")
            try require(y >= 0, "y", "must be ≥ 0, got \(y)")
            try require(width >= 1, "width", "must be ≥ 1, got \(width)")
            try require(height >= 1, "height", "must be ≥ 1, got \(height)")
        case let .resize(width, height, _):
            try require(width >= 1, "width", "must be ≥ 1, got \(width)")
            try require(height >= 1, "height", "must be ≥ 1, got \(height)")
        case let .gaussian(sigma):
            try require(sigma > 0 && sigma <= 100, "sigma", "must be in (0, 100] px, got \(sigma)")
        case let .median(radius):
            try require(radius >= 1 && radius <= 10, "radius", "must be in 1…10 px, got \(radius)")
        case let .nonLocalMeans(patch, distance, strength, noise):
            try require(patch >= 3 && patch <= 21, "patch", "must be in 3…21 px, got \(patch)")
            try require(distance >= 1 && distance <= 50, "distance", "must be in 1…50 px, got \(distance)")
            if let strength { try require(strength > 0, "h", "must be > 0 (or auto), got \(strength)") }
            if let noise { try require(noise >= 0, "sigma", "must be ≥ 0 (or auto), got \(noise)") }
        case let .totalVariation(weight, tolerance, iterations):
            try require(weight > 0, "weight", "must be > 0, got \(weight)")
            try require(tolerance > 0, "eps", "must be > 0, got \(tolerance)")
            try require(iterations >= 1 && iterations <= 10_000, "iterations", "must be in 1…10000, got \(iterations)")
        case let .hotPixels(threshold):
            try require(threshold >= 2, "threshold", "must be ≥ 2 robust σ (lower values erase noise, not defects), got \(threshold)")
        case let .frames(start, end, step):
            try require(start >= 0, "start", "must be ≥ 0, got \(start)")
            if let end { try require(end > start, "end", "must be > start (\(start)), got \(end)") }
            try require(step >= 1, "step", "must be ≥ 1, got \(step)")
        case let .normalize(low, high):
            try percentile(low, "low")
            try percentile(high, "high")
            try require(high > low, "high", "must be > low (\(low)), got \(high)")
        case let .drift(reference, method):
            try require(reference >= 0, "reference", "must be a frame index ≥ 0, got \(reference)")
            switch method {
            case let .gain(p):
                try percentile(p, "percentile")
            case let .backgroundGain(band, window):
                try require(band >= 1, "band", "must be ≥ 1 px, got \(band)")
                try require(window > 0 && window < 1, "window", "must be in (0, 1), got \(window)")
            case let .linear(low, high):
                try percentile(low, "low")
                try percentile(high, "high")
                try require(high > low, "high", "must be > low (\(low)), got \(high)")
            }
        case let .flatField(sigma):
            try require(sigma >= 1 && sigma <= 1000, "sigma", "must be in 1…1000 px, got \(sigma)")
        case let .segment(segmentation):
            if case let .multiOtsu(classes) = segmentation.method {
                try require(classes >= 2 && classes <= 4, "classes", "must be in 2…4 (exhaustive search), got \(classes)")
            }
            if case let .fixed(value) = segmentation.method {
                try require(value.isFinite, "value", "must be finite, got \(value)")
            }
            try require(segmentation.openingRadius >= 0 && segmentation.openingRadius <= 20, "opening", "must be in 0…20 px")
            try require(segmentation.closingRadius >= 0 && segmentation.closingRadius <= 20, "closing", "must be in 0…20 px")
            try require(segmentation.minimumSize >= 0, "minsize", "must be ≥ 0")
            let cleans = segmentation.openingRadius + segmentation.closingRadius + segmentation.minimumSize > 0
            try require(!cleans || segmentation.output == .binary, "output",
                        "must be binary when opening, closing or minsize is set (clean-up acts on masks)")
        case let .convert(_, range):
            switch range {
            case let .percentiles(low, high):
                try percentile(low, "low")
                try percentile(high, "high")
                try require(high > low, "high", "must be > low (\(low)), got \(high)")
            case let .fixed(low, high):
                try require(low.isFinite && high.isFinite && high != low, "high", "must differ from low (\(low)), got \(high)")
            case .otsuClasses, .unit:
                break
            }
        }
    }
}

/// Reads typed parameters out of a flat dictionary, remembering which keys were used.
struct ParameterReader {
    let index: Int
    let kind: String
    var values: [String: ParameterValue]

    init(index: Int, kind: String, values: [String: ParameterValue]) {
        self.index = index
        self.kind = kind
        self.values = Dictionary(uniqueKeysWithValues: values.map { ($0.key.lowercased(), $0.value) })
    }

    private func invalid(_ name: String, _ problem: String) -> PreprocessingError {
        .invalidParameter(index: index, kind: kind, parameter: name, problem: problem)
    }

    mutating func number(_ name: String, default fallback: Double?) throws -> Double {
        guard let value = values.removeValue(forKey: name) else {
            if let fallback { return fallback }
            throw invalid(name, "is required")
        }
        guard case let .number(number) = value else { throw invalid(name, "must be a number, got '\(value)'") }
        return number
    }

    mutating func integer(_ name: String, default fallback: Int?) throws -> Int {
        try integral(try number(name, default: fallback.map(Double.init)), name)
    }

    func integral(_ value: Double, _ name: String) throws -> Int {
        guard value == value.rounded(), abs(value) < 1e12 else { throw invalid(name, "must be an integer, got \(value)") }
        return Int(value)
    }

    /// A number, or nil when the value is the word `absentWord` or missing.
    mutating func optionalNumber(_ name: String, absentWord: String) throws -> Double? {
        switch values.removeValue(forKey: name) {
        case nil: return nil
        case let .number(number)?: return number
        case let .string(word)? where word.lowercased() == absentWord: return nil
        case let value?: throw invalid(name, "must be a number or '\(absentWord)', got '\(value)'")
        }
    }

    mutating func word(_ name: String, default fallback: String, allowed: [String]) throws -> String {
        guard let value = values.removeValue(forKey: name) else { return fallback }
        guard case let .string(word) = value, allowed.contains(word.lowercased()) else {
            throw invalid(name, "must be one of \(allowed.joined(separator: ", ")), got '\(value)'")
        }
        return word.lowercased()
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws -> T
    where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue)
        return T(rawValue: try word(name, default: fallback.rawValue, allowed: allowed)) ?? fallback
    }

    func rejectUnused() throws {
        if let name = values.keys.sorted().first {
            throw PreprocessingError.unknownParameter(index: index, kind: kind, parameter: name)
        }
    }
}
