/// What every simulator offers: a parameter struct in, frames `[T, H, W]` in `[0, 1]` out.
///
/// `run` validates the parameters first (throwing `SimulationError` before any work), is
/// deterministic for a seed, and calls `progress` with the number of frames completed.
public protocol PhaseFieldSimulator: Sendable {
    associatedtype Parameters: Codable & Sendable & Equatable
    /// Which phenomenon this simulator produces.
    static var kind: PhenomenonKind { get }
    var parameters: Parameters { get }
    init(_ parameters: Parameters)
    func run(seed: UInt64, includeHiddenFields: Bool, progress: ((Int) -> Void)?) throws -> SimulationResult
}

extension PlaneWaveSimulator: PhaseFieldSimulator {
    public static var kind: PhenomenonKind { .planeWave }
}

extension GrainGrowthSimulator: PhaseFieldSimulator {
    public static var kind: PhenomenonKind { .grainGrowth }
}

extension SpinodalSimulator: PhaseFieldSimulator {
    public static var kind: PhenomenonKind { .spinodal }
}

extension DendriteSimulator: PhaseFieldSimulator {
    public static var kind: PhenomenonKind { .dendrite }
}
