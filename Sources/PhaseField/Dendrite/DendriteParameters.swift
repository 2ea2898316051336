/// Parameters of Kobayashi's (1993) dendritic solidification model and of its frame schedule.
///
/// ```
/// τ ∂φ/∂t = −∂x(ε ε' ∂yφ) + ∂y(ε ε' ∂xφ) + ∇·(ε² ∇φ)
///           + φ(1−φ)(φ − ½ + m(T)) + a φ(1−φ)(U − ½)
/// ∂T/∂t  = ∇²T + K ∂φ/∂t
/// ε = ε₀ (1 + δ cos(6(θ − θ₀))),  θ = atan2(∂yφ, ∂xφ),  m(T) = (α/π) atan(γ (T_eq − T))
/// ```
/// `U` is uniform on [0, 1) per cell and step. Defaults are the checked working set of
/// Docs/models/dendrite.md: 256² at dx = 0.03 (box 7.68), dt = 1e-4, τ = 3e-4, ε₀ = 0.01,
/// δ = 0.02, α = 0.9, γ = 10, T_eq = 1, a = 0.01, K = 1.6, θ₀ = 0, 60 frames 80 steps apart,
/// block-averaged to 64². The time step matters: the K → morphology map shifts with dt.
public struct DendriteParameters: Codable, Sendable, Equatable {
    /// Dimensionless latent heat K: compact plates near 0.8–1.0, thin sparse arms near 2.4.
    public var latentHeat: Double = 1.6
    /// Crystal orientation θ₀ in radians (6-fold symmetric, so [0, π/3) covers every case).
    public var orientation: Double = 0
    /// Simulation grid side N (cells), zero-flux walls.
    public var gridSize: Int = 256
    /// Side of the output frames; must divide `gridSize` (64 → 4×4 averages, 128 → 2×2).
    public var outputSize: Int = 64
    /// Number of frames T; frame 0 is the nucleus.
    public var frameCount: Int = 60
    /// Explicit steps between frames.
    public var stepsPerFrame: Int = 80
    /// Cell size dx.
    public var gridSpacing: Double = 0.03
    /// Time step dt (Kobayashi's scheme is explicit; keep 1e-4 for the documented morphologies).
    public var timeStep: Double = 1e-4
    /// Relaxation time τ.
    public var relaxationTime: Double = 3e-4
    /// Mean gradient-energy coefficient ε₀ (interface width).
    public var interfaceWidth: Double = 0.01
    /// Anisotropy strength δ of the 6-fold term.
    public var anisotropyStrength: Double = 0.02
    /// α in m(T).
    public var alpha: Double = 0.9
    /// γ in m(T).
    public var gamma: Double = 10
    /// Melting temperature T_eq.
    public var equilibriumTemperature: Double = 1
    /// Noise amplitude a.
    public var noiseAmplitude: Double = 0.01
    /// The initial solid seed; the liquid starts at T = 0.
    public var nucleus: DendriteNucleus = .standard

    public init() {}

    /// Decodes from JSON in which any key may be missing; missing keys keep the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        latentHeat = try container.decodeIfPresent(Double.self, forKey: .latentHeat) ?? defaults.latentHeat
        orientation = try container.decodeIfPresent(Double.self, forKey: .orientation) ?? defaults.orientation
        gridSize = try container.decodeIfPresent(Int.self, forKey: .gridSize) ?? defaults.gridSize
        outputSize = try container.decodeIfPresent(Int.self, forKey: .outputSize) ?? defaults.outputSize
        frameCount = try container.decodeIfPresent(Int.self, forKey: .frameCount) ?? defaults.frameCount
        stepsPerFrame = try container.decodeIfPresent(Int.self, forKey: .stepsPerFrame) ?? defaults.stepsPerFrame
        gridSpacing = try container.decodeIfPresent(Double.self, forKey: .gridSpacing) ?? defaults.gridSpacing
        timeStep = try container.decodeIfPresent(Double.self, forKey: .timeStep) ?? defaults.timeStep
        relaxationTime = try container.decodeIfPresent(Double.self, forKey: .relaxationTime) ?? defaults.relaxationTime
        interfaceWidth = try container.decodeIfPresent(Double.self, forKey: .interfaceWidth) ?? defaults.interfaceWidth
        anisotropyStrength = try container.decodeIfPresent(Double.self, forKey: .anisotropyStrength) ?? defaults.anisotropyStrength
        alpha = try container.decodeIfPresent(Double.self, forKey: .alpha) ?? defaults.alpha
        gamma = try container.decodeIfPresent(Double.self, forKey: .gamma) ?? defaults.gamma
        equilibriumTemperature = try container.decodeIfPresent(Double.self, forKey: .equilibriumTemperature) ?? defaults.equilibriumTemperature
        noiseAmplitude = try container.decodeIfPresent(Double.self, forKey: .noiseAmplitude) ?? defaults.noiseAmplitude
        nucleus = try container.decodeIfPresent(DendriteNucleus.self, forKey: .nucleus) ?? defaults.nucleus
    }

    /// Defaults with the two physical parameters set.
    public init(latentHeat: Double, orientation: Double = 0) {
        self.latentHeat = latentHeat
        self.orientation = orientation
    }

    /// Rotational symmetry of the anisotropy (fixed: 6-fold).
    public static let symmetry = 6

    /// Random parameters for a training sweep: K and θ₀ uniform in the given ranges and a random
    /// nucleus (`DendriteNucleus.random`); everything else keeps its default.
    public static func sample(
        latentHeat: ClosedRange<Double> = 0.8...2.4, orientation: ClosedRange<Double> = 0...(Double.pi / 3),
        using generator: inout some RandomNumberGenerator
    ) -> DendriteParameters {
        var parameters = DendriteParameters(
            latentHeat: Double.random(in: latentHeat, using: &generator),
            orientation: Double.random(in: orientation, using: &generator))
        parameters.nucleus = .random(using: &generator)
        return parameters
    }

    /// Largest stable time step: `min(dx²/4, 2 τ dx² / (8 ε₀² (1+δ)²))` (heat and phase field).
    public var maximumStableTimeStep: Double {
        let dx2 = gridSpacing * gridSpacing
        let phaseLimit = 2 * relaxationTime * dx2
            / (8 * interfaceWidth * interfaceWidth * (1 + anisotropyStrength) * (1 + anisotropyStrength))
        return min(dx2 / 4, phaseLimit)
    }

    /// Throws `SimulationError` for any out-of-range value or an unstable time step.
    public func validate() throws {
        let model = PhenomenonKind.dendrite
        try requireParameter(latentHeat, in: 0...10, name: "latentHeat", model: model)
        try requireParameter(orientation, in: -2 * Double.pi...2 * Double.pi, name: "orientation", model: model)
        try requireParameter(gridSize, in: 8...4096, name: "gridSize", model: model)
        try requireDivisor(outputSize, of: gridSize, name: "outputSize", model: model)
        try requireParameter(frameCount, in: 1...100_000, name: "frameCount", model: model)
        try requireParameter(stepsPerFrame, in: 1...10_000_000, name: "stepsPerFrame", model: model)
        try requireParameter(gridSpacing, in: 1e-4...10, name: "gridSpacing", model: model)
        try requireParameter(timeStep, in: 1e-9...1, name: "timeStep", model: model)
        try requireParameter(relaxationTime, in: 1e-6...1, name: "relaxationTime", model: model)
        try requireParameter(interfaceWidth, in: 1e-5...1, name: "interfaceWidth", model: model)
        // Above 1/(j²−1) = 1/35 the 6-fold interface stiffness turns negative (missing orientations).
        try requireParameter(anisotropyStrength, in: 0...(1.0 / 35), name: "anisotropyStrength", model: model)
        try requireParameter(alpha, in: 0...0.999, name: "alpha", model: model)
        try requireParameter(gamma, in: 0...1000, name: "gamma", model: model)
        try requireParameter(equilibriumTemperature, in: 0...100, name: "equilibriumTemperature", model: model)
        try requireParameter(noiseAmplitude, in: 0...1, name: "noiseAmplitude", model: model)
        let halfBox = Double(gridSize) * gridSpacing / 2
        try requireParameter(nucleus.radiusX, in: gridSpacing...halfBox, name: "nucleus.radiusX", model: model)
        try requireParameter(nucleus.radiusY, in: gridSpacing...halfBox, name: "nucleus.radiusY", model: model)
        try requireParameter(nucleus.offsetX, in: -halfBox...halfBox, name: "nucleus.offsetX", model: model)
        try requireParameter(nucleus.offsetY, in: -halfBox...halfBox, name: "nucleus.offsetY", model: model)
        let limit = maximumStableTimeStep
        guard timeStep <= limit else {
            throw SimulationError.unstableTimeStep(
                model: model, timeStep: timeStep, limit: limit,
                bound: "min(dx²/4, 2τdx²/(8ε₀²(1+δ)²))")
        }
    }
}
