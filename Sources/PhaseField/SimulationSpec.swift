/// Any simulator's parameters as one value: what a sweep stores, samples and runs.
///
/// Encodes as `{"model": "<kebab-case kind>", "parameters": {…}}`.
///
/// ```swift
/// var generator = SplitMix64(seed: 1)
/// let spec = SimulationSpec.sample(.dendrite, using: &generator)
/// let frames = try spec.run(seed: 42).frames  // [60, 64, 64]
/// ```
public enum SimulationSpec: Codable, Sendable, Equatable {
    case planeWave(PlaneWaveParameters)
    case grainGrowth(GrainGrowthParameters)
    case spinodal(SpinodalParameters)
    case dendrite(DendriteParameters)

    /// The documented defaults of a model.
    public static func defaults(for kind: PhenomenonKind) -> SimulationSpec {
        switch kind {
        case .planeWave: return .planeWave(PlaneWaveParameters())
        case .grainGrowth: return .grainGrowth(GrainGrowthParameters())
        case .spinodal: return .spinodal(SpinodalParameters())
        case .dendrite: return .dendrite(DendriteParameters())
        }
    }

    /// Random parameters as the paper's training sets draw them (each model's `sample` with its
    /// default ranges).
    public static func sample(_ kind: PhenomenonKind, using generator: inout some RandomNumberGenerator) -> SimulationSpec {
        switch kind {
        case .planeWave: return .planeWave(.sample(using: &generator))
        case .grainGrowth: return .grainGrowth(.sample(using: &generator))
        case .spinodal: return .spinodal(.sample(using: &generator))
        case .dendrite: return .dendrite(.sample(using: &generator))
        }
    }

    public var kind: PhenomenonKind {
        switch self {
        case .planeWave: return .planeWave
        case .grainGrowth: return .grainGrowth
        case .spinodal: return .spinodal
        case .dendrite: return .dendrite
        }
    }

    /// Shape `[T, H, W]` of the frames `run` returns.
    public var frameShape: [Int] {
        switch self {
        case .planeWave(let p): return [p.frameCount, p.gridSize, p.gridSize]
        case .grainGrowth(let p): return [p.frameCount, p.outputSize, p.outputSize]
        case .spinodal(let p): return [p.frameCount, p.gridSize, p.gridSize]
        case .dendrite(let p): return [p.frameCount, p.outputSize, p.outputSize]
        }
    }

    /// Throws `SimulationError` for invalid parameters.
    public func validate() throws {
        switch self {
        case .planeWave(let p): try p.validate()
        case .grainGrowth(let p): try p.validate()
        case .spinodal(let p): try p.validate()
        case .dendrite(let p): try p.validate()
        }
    }

    /// Runs the wrapped model (see each simulator's `run`).
    public func run(
        seed: UInt64, includeHiddenFields: Bool = false, progress: ((Int) -> Void)? = nil
    ) throws -> SimulationResult {
        switch self {
        case .planeWave(let p):
            return try PlaneWaveSimulator(p).run(seed: seed, includeHiddenFields: includeHiddenFields, progress: progress)
        case .grainGrowth(let p):
            return try GrainGrowthSimulator(p).run(seed: seed, includeHiddenFields: includeHiddenFields, progress: progress)
        case .spinodal(let p):
            return try SpinodalSimulator(p).run(seed: seed, includeHiddenFields: includeHiddenFields, progress: progress)
        case .dendrite(let p):
            return try DendriteSimulator(p).run(seed: seed, includeHiddenFields: includeHiddenFields, progress: progress)
        }
    }

    private enum CodingKeys: String, CodingKey { case model, parameters }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(PhenomenonKind.self, forKey: .model) {
        case .planeWave: self = .planeWave(try container.decode(PlaneWaveParameters.self, forKey: .parameters))
        case .grainGrowth: self = .grainGrowth(try container.decode(GrainGrowthParameters.self, forKey: .parameters))
        case .spinodal: self = .spinodal(try container.decode(SpinodalParameters.self, forKey: .parameters))
        case .dendrite: self = .dendrite(try container.decode(DendriteParameters.self, forKey: .parameters))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .model)
        switch self {
        case .planeWave(let p): try container.encode(p, forKey: .parameters)
        case .grainGrowth(let p): try container.encode(p, forKey: .parameters)
        case .spinodal(let p): try container.encode(p, forKey: .parameters)
        case .dendrite(let p): try container.encode(p, forKey: .parameters)
        }
    }
}
