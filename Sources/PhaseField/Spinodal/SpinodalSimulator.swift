/// Cahn–Hilliard spinodal decomposition: frames of the composition c.
///
/// Explicit finite volumes with variable mobility `M c(1−c)` and no-flux walls; frame 0 is the
/// noisy initial state, frame k is after `k · stepsPerFrame` steps. The seed drives the initial
/// noise. Tests check mass conservation and that the free energy never increases.
///
/// ```swift
/// let frames = try SpinodalSimulator(SpinodalParameters(composition: 0.5)).run(seed: 3).frames  // [100, 64, 64]
/// ```
/// ### References
/// J. W. Cahn and J. E. Hilliard, J. Chem. Phys. 28, 258 (1958); Yang et al., Patterns 2 (2021).
public struct SpinodalSimulator: Sendable {
    public let parameters: SpinodalParameters

    public init(_ parameters: SpinodalParameters) {
        self.parameters = parameters
    }

    /// Runs the simulation; there are no hidden fields.
    /// - Throws: `SimulationError` for invalid parameters (before any work) or a blow-up.
    public func run(
        seed: UInt64, includeHiddenFields: Bool = false, progress: ((Int) -> Void)? = nil
    ) throws -> SimulationResult {
        try parameters.validate()
        var stepper = SpinodalStepper(parameters: parameters, seed: seed)
        return try FrameRecorder.record(
            &stepper,
            schedule: FrameSchedule(
                frameCount: parameters.frameCount, stepsPerFrame: parameters.stepsPerFrame,
                firstFrameIsInitialState: true),
            model: .spinodal, includeHiddenFields: includeHiddenFields, progress: progress)
    }
}
