/// Parameters of multi-order-parameter Allen–Cahn grain growth (Fan & Chen 1997).
///
/// ```
/// ∂ηᵢ/∂t = −L [ m (ηᵢ³ − ηᵢ + 2γ ηᵢ Σ_{j≠i} ηⱼ²) − κ ∇²ηᵢ ],   i = 1 … N
/// ```
/// Periodic box, forward Euler, 5-point Laplacian, periodic Voronoi start from `grainCount`
/// uniform random seeds (`ηᵢ = 1` in cell i). The image is `clip(Σ ηᵢ³, 0, 1)` block-averaged to
/// `outputSize²`; frame k is after `(k+1) · stepsPerFrame` steps (the sharp start would be a blank
/// image). Defaults (Docs/models/grain-growth.md): N = 100, γ = 1.5, m = L = κ = 1, dx = 1,
/// dt = 0.2 (exactly the stability limit), 256² → 64², 100 frames 80 steps apart.
public struct GrainGrowthParameters: Codable, Sendable, Equatable {
    /// Number of order parameters (grains at the start).
    public var grainCount: Int = 100
    /// Cross-coupling γ between order parameters (1.5 gives symmetric boundaries).
    public var gamma: Double = 1.5
    /// Bulk free-energy coefficient m.
    public var bulkCoefficient: Double = 1
    /// Relaxation coefficient (boundary mobility) L.
    public var mobility: Double = 1
    /// Gradient-energy coefficient κ.
    public var gradientEnergyCoefficient: Double = 1
    /// Cell size dx.
    public var gridSpacing: Double = 1
    /// Explicit time step dt.
    public var timeStep: Double = 0.2
    /// Simulation grid side.
    public var gridSize: Int = 256
    /// Output frame side; must divide `gridSize`.
    public var outputSize: Int = 64
    /// Number of frames T.
    public var frameCount: Int = 100
    /// Steps between frames (and before frame 0).
    public var stepsPerFrame: Int = 80

    public init() {}

    /// Decodes from JSON in which any key may be missing; missing keys keep the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        grainCount = try container.decodeIfPresent(Int.self, forKey: .grainCount) ?? defaults.grainCount
        gamma = try container.decodeIfPresent(Double.self, forKey: .gamma) ?? defaults.gamma
        bulkCoefficient = try container.decodeIfPresent(Double.self, forKey: .bulkCoefficient) ?? defaults.bulkCoefficient
        mobility = try container.decodeIfPresent(Double.self, forKey: .mobility) ?? defaults.mobility
        gradientEnergyCoefficient = try container.decodeIfPresent(Double.self, forKey: .gradientEnergyCoefficient) ?? defaults.gradientEnergyCoefficient
        gridSpacing = try container.decodeIfPresent(Double.self, forKey: .gridSpacing) ?? defaults.gridSpacing
        timeStep = try container.decodeIfPresent(Double.self, forKey: .timeStep) ?? defaults.timeStep
        gridSize = try container.decodeIfPresent(Int.self, forKey: .gridSize) ?? defaults.gridSize
        outputSize = try container.decodeIfPresent(Int.self, forKey: .outputSize) ?? defaults.outputSize
        frameCount = try container.decodeIfPresent(Int.self, forKey: .frameCount) ?? defaults.frameCount
        stepsPerFrame = try container.decodeIfPresent(Int.self, forKey: .stepsPerFrame) ?? defaults.stepsPerFrame
    }

    /// Defaults with the number of grains set.
    public init(grainCount: Int) {
        self.grainCount = grainCount
    }

    /// Parameters for a sweep: the grain count uniform in `grainCounts` (the paper keeps 100; the
    /// randomness of a run is its Voronoi seeds, drawn from the run's seed).
    public static func sample(
        grainCounts: ClosedRange<Int> = 100...100, using generator: inout some RandomNumberGenerator
    ) -> GrainGrowthParameters {
        GrainGrowthParameters(grainCount: Int.random(in: grainCounts, using: &generator))
    }

    /// Largest stable step: `2 / (L (8κ/dx² + 2m))` (checkerboard mode inside a grain, where the
    /// bulk term's slope is 2m); 0.2 with the defaults.
    public var maximumStableTimeStep: Double {
        2 / (mobility * (8 * gradientEnergyCoefficient / (gridSpacing * gridSpacing) + 2 * bulkCoefficient))
    }

    /// Throws `SimulationError` for any out-of-range value or an unstable time step.
    public func validate() throws {
        let model = PhenomenonKind.grainGrowth
        try requireParameter(grainCount, in: 1...100_000, name: "grainCount", model: model)
        try requireParameter(gridSize, in: 4...4096, name: "gridSize", model: model)
        try requireParameter(grainCount, in: 1...(gridSize * gridSize), name: "grainCount", model: model)
        try requireDivisor(outputSize, of: gridSize, name: "outputSize", model: model)
        try requireParameter(gamma, in: 0.5...10, name: "gamma", model: model)
        try requireParameter(bulkCoefficient, in: 1e-3...1e3, name: "bulkCoefficient", model: model)
        try requireParameter(mobility, in: 1e-6...1e3, name: "mobility", model: model)
        try requireParameter(gradientEnergyCoefficient, in: 1e-3...1e3, name: "gradientEnergyCoefficient", model: model)
        try requireParameter(gridSpacing, in: 1e-3...1e3, name: "gridSpacing", model: model)
        try requireParameter(timeStep, in: 1e-9...1e3, name: "timeStep", model: model)
        try requireParameter(frameCount, in: 1...100_000, name: "frameCount", model: model)
        try requireParameter(stepsPerFrame, in: 1...10_000_000, name: "stepsPerFrame", model: model)
        let limit = maximumStableTimeStep
        guard timeStep <= limit * (1 + 1e-12) else {
            throw SimulationError.unstableTimeStep(
                model: model, timeStep: timeStep, limit: limit, bound: "2 / (L (8κ/dx² + 2m))")
        }
    }
}
