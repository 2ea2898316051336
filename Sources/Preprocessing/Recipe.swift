/// An ordered list of preprocessing steps, applied first to last by `Pipeline.apply`.
///
/// A recipe is a value: `Codable` (each step as a flat object `{"kind": …, parameters…}`), and
/// `canonicalDescription` gives one JSON spelling per recipe (sorted keys, every default filled
/// in, normalised numbers) whose hash identifies the preprocessed output.
///
/// ```swift
/// let recipe = try Recipe(specs: ["hotpixels", "resize=64x64", "denoise=nlm", "convert=auto"])
/// let recipe = try Recipe(toml: "[[step]]\nkind = \"gaussian\"\nsigma = 1.5\n")
/// ```
public struct Recipe: Sendable, Equatable {
    /// Version of the canonical text form; bumped if a step's meaning or defaults change.
    public static let formatVersion = 1

    public var steps: [PreprocessingStep]

    public init(_ steps: [PreprocessingStep]) { self.steps = steps }

    /// `{"steps":[…],"version":1}`: the identity text of the recipe (hash it for an ID).
    public var canonicalDescription: String {
        CanonicalJSON.object([
            ("steps", "[" + steps.map(\.canonicalDescription).joined(separator: ",") + "]"),
            ("version", String(Self.formatVersion)),
        ])
    }

    /// Checks every step's parameters (shape-independent).
    /// - Throws: the first `PreprocessingError` found.
    public func validate() throws {
        for (index, step) in steps.enumerated() { try step.validate(index: index) }
    }

    /// The default recipe for a stack rendered by `MicroscopeRenderer` (defaults) from 64 × 64
    /// frames, and a sane start for 16-bit bright-field stacks of a growing crystal:
    ///
    /// 1. `hotpixels` (threshold 6 σ): sensor defects away before anything averages them in;
    /// 2. `drift` (gain of the liquid level, found on frame 0's 16 px border band and followed
    ///    frame to frame): illumination drift, measured on the liquid only, so a crystal that
    ///    covers most of the frame cannot bias it;
    /// 3. `resize` to 64 × 64 with area averaging: anti-aliased ×4 downsampling, noise ÷ 4;
    /// 4. `nlm` (patch 5, distance 6, h = 0.8 σ̂, σ = σ̂): residual noise, edges kept;
    /// 5. `convert` (auto polarity, Otsu-class range): solid = 1, liquid = 0, clamped to [0, 1].
    public static let defaultMicroscopy = Recipe([
        .hotPixels(threshold: 6),
        .drift(reference: 0, method: .backgroundGain(band: 16, window: 0.3)),
        .resize(width: 64, height: 64, method: .area),
        .nonLocalMeans(patchSize: 5, searchDistance: 6, strength: nil, noise: nil),
        .convert(polarity: .auto, range: .otsuClasses),
    ])
}

extension Recipe: Codable {
    private enum CodingKeys: String, CodingKey { case steps, version }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var list = try container.nestedUnkeyedContainer(forKey: .steps)
        var steps: [PreprocessingStep] = []
        while !list.isAtEnd {
            let object = try list.nestedContainer(keyedBy: DynamicKey.self)
            var kind = ""
            var parameters: [String: ParameterValue] = [:]
            for key in object.allKeys {
                if key.stringValue == "kind" {
                    kind = try object.decode(String.self, forKey: key)
                } else {
                    parameters[key.stringValue] = try object.decode(ParameterValue.self, forKey: key)
                }
            }
            steps.append(try PreprocessingStep(kind: kind, parameters: parameters, index: steps.count))
        }
        self.steps = steps
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        var list = container.nestedUnkeyedContainer(forKey: .steps)
        for step in steps {
            var object = list.nestedContainer(keyedBy: DynamicKey.self)
            try object.encode(step.kind, forKey: DynamicKey(stringValue: "kind"))
            for (name, value) in step.parameters { try object.encode(value, forKey: DynamicKey(stringValue: name)) }
        }
    }
}
