/// Multi-order-parameter Allen–Cahn grain growth: frames of `clip(Σ ηᵢ³, 0, 1)`.
///
/// Grain interiors are bright (1) and boundaries dark (0.25 on the mid-line before averaging).
/// The seed draws the Voronoi seeds. Tests check the von Neumann–Mullins law
/// `dA/dt ∝ (n − 6)` and linear growth of the mean grain area.
///
/// ```swift
/// let frames = try GrainGrowthSimulator(GrainGrowthParameters()).run(seed: 11).frames  // [100, 64, 64]
/// ```
/// ### References
/// D. Fan and L.-Q. Chen, Acta Mater. 45, 611 (1997); N. Moelans, B. Blanpain, P. Wollants,
/// Phys. Rev. B 78, 024113 (2008) (γ = 1.5 profile and energy).
public struct GrainGrowthSimulator: Sendable {
    public let parameters: GrainGrowthParameters

    public init(_ parameters: GrainGrowthParameters) {
        self.parameters = parameters
    }

    /// Runs the simulation; there are no hidden fields.
    /// - Throws: `SimulationError` for invalid parameters (before any work) or a blow-up.
    public func run(
        seed: UInt64, includeHiddenFields: Bool = false, progress: ((Int) -> Void)? = nil
    ) throws -> SimulationResult {
        try parameters.validate()
        var stepper = GrainGrowthStepper(parameters: parameters, seed: seed)
        return try FrameRecorder.record(
            &stepper,
            schedule: FrameSchedule(
                frameCount: parameters.frameCount, stepsPerFrame: parameters.stepsPerFrame,
                firstFrameIsInitialState: false),
            model: .grainGrowth, includeHiddenFields: includeHiddenFields, progress: progress)
    }
}
