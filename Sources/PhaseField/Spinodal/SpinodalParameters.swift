/// Parameters of Cahn–Hilliard spinodal decomposition with a regular-solution free energy.
///
/// ```
/// f(c) = RT [c ln c + (1−c) ln(1−c)] + ω c(1−c)
/// μ    = RT ln(c/(1−c)) + ω(1 − 2c) − ε ∇²c
/// ∂c/∂t = ∇·[M c(1−c) ∇μ]
/// ```
/// No-flux walls. Defaults (Docs/models/spinodal.md): RT = 0.1, ω = 0.27397 (= 2RT/0.73),
/// ε = 0.1682, M = 1, dx = 1, dt = 0.25, 64², c₀ = 0.5 plus uniform noise ±0.01 (mean removed),
/// 100 frames 6000 steps (1500 time units) apart, frame 0 the initial state.
public struct SpinodalParameters: Codable, Sendable, Equatable {
    /// Mean composition c₀ (the paper uses 0.25, 0.5 and 0.75).
    public var composition: Double = 0.5
    /// Half-width of the uniform initial noise around c₀.
    public var noiseAmplitude: Double = 0.01
    /// Thermal energy RT (phase separation needs RT < ω/2).
    public var thermalEnergy: Double = 0.1
    /// Regular-solution interaction ω.
    public var interaction: Double = 0.27397
    /// Gradient-energy coefficient ε.
    public var gradientEnergyCoefficient: Double = 0.1682
    /// Mobility prefactor M (the mobility is M c(1−c)).
    public var mobility: Double = 1
    /// Cell size dx.
    public var gridSpacing: Double = 1
    /// Explicit time step dt.
    public var timeStep: Double = 0.25
    /// Grid side N (the frames are N × N, no averaging).
    public var gridSize: Int = 64
    /// Number of frames T.
    public var frameCount: Int = 100
    /// Steps between frames.
    public var stepsPerFrame: Int = 6000

    public init() {}

    /// Decodes from JSON in which any key may be missing; missing keys keep the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        composition = try container.decodeIfPresent(Double.self, forKey: .composition) ?? defaults.composition
        noiseAmplitude = try container.decodeIfPresent(Double.self, forKey: .noiseAmplitude) ?? defaults.noiseAmplitude
        thermalEnergy = try container.decodeIfPresent(Double.self, forKey: .thermalEnergy) ?? defaults.thermalEnergy
        interaction = try container.decodeIfPresent(Double.self, forKey: .interaction) ?? defaults.interaction
        gradientEnergyCoefficient = try container.decodeIfPresent(Double.self, forKey: .gradientEnergyCoefficient) ?? defaults.gradientEnergyCoefficient
        mobility = try container.decodeIfPresent(Double.self, forKey: .mobility) ?? defaults.mobility
        gridSpacing = try container.decodeIfPresent(Double.self, forKey: .gridSpacing) ?? defaults.gridSpacing
        timeStep = try container.decodeIfPresent(Double.self, forKey: .timeStep) ?? defaults.timeStep
        gridSize = try container.decodeIfPresent(Int.self, forKey: .gridSize) ?? defaults.gridSize
        frameCount = try container.decodeIfPresent(Int.self, forKey: .frameCount) ?? defaults.frameCount
        stepsPerFrame = try container.decodeIfPresent(Int.self, forKey: .stepsPerFrame) ?? defaults.stepsPerFrame
    }

    /// Defaults with the mean composition set.
    public init(composition: Double) {
        self.composition = composition
    }

    /// A random composition from `compositions` (uniform choice); everything else default.
    public static func sample(
        compositions: [Double] = [0.25, 0.5, 0.75], using generator: inout some RandomNumberGenerator
    ) -> SpinodalParameters {
        precondition(!compositions.isEmpty, "SpinodalParameters.sample: no compositions")
        return SpinodalParameters(composition: compositions[Int.random(in: 0..<compositions.count, using: &generator)])
    }

    /// Largest stable explicit step, from the linearised scheme at c = ½ (largest mobility):
    /// `2 / (M/4 · (64ε/dx⁴ + 8 f''(½)/dx²))`, `f''(½) = 4RT − 2ω` (0.83 with the defaults).
    public var maximumStableTimeStep: Double {
        let dx2 = gridSpacing * gridSpacing
        let curvature = 4 * thermalEnergy - 2 * interaction
        let rate = mobility / 4 * (64 * gradientEnergyCoefficient / (dx2 * dx2) + 8 * curvature / dx2)
        return rate > 0 ? 2 / rate : .infinity
    }

    /// Throws `SimulationError` for any out-of-range value or an unstable time step.
    public func validate() throws {
        let model = PhenomenonKind.spinodal
        try requireParameter(composition, in: 0.01...0.99, name: "composition", model: model)
        try requireParameter(noiseAmplitude, in: 0...0.2, name: "noiseAmplitude", model: model)
        guard composition - noiseAmplitude > 0, composition + noiseAmplitude < 1 else {
            throw SimulationError.invalidParameter(
                model: model, name: "noiseAmplitude", value: noiseAmplitude,
                allowed: "a value keeping composition ± noise inside (0, 1)")
        }
        try requireParameter(thermalEnergy, in: 1e-4...10, name: "thermalEnergy", model: model)
        try requireParameter(interaction, in: 0...10, name: "interaction", model: model)
        try requireParameter(gradientEnergyCoefficient, in: 1e-4...100, name: "gradientEnergyCoefficient", model: model)
        try requireParameter(mobility, in: 1e-6...1e3, name: "mobility", model: model)
        try requireParameter(gridSpacing, in: 1e-3...1e3, name: "gridSpacing", model: model)
        try requireParameter(timeStep, in: 1e-9...1e3, name: "timeStep", model: model)
        try requireParameter(gridSize, in: 4...4096, name: "gridSize", model: model)
        try requireParameter(frameCount, in: 1...100_000, name: "frameCount", model: model)
        try requireParameter(stepsPerFrame, in: 1...100_000_000, name: "stepsPerFrame", model: model)
        let limit = maximumStableTimeStep
        guard timeStep <= limit else {
            throw SimulationError.unstableTimeStep(
                model: model, timeStep: timeStep, limit: limit, bound: "2 / (M/4 · (64ε/dx⁴ + 8 f''(½)/dx²))")
        }
    }
}
