/// Kobayashi (1993) dendritic solidification: frames of the phase field φ (solid = 1).
///
/// Simulates `gridSize²` cells and block-averages φ to `outputSize²`; frame 0 is the nucleus,
/// frame k is after `k · stepsPerFrame` steps. Deterministic for a seed (the seed drives only the
/// interface noise; the nucleus is part of the parameters).
///
/// ```swift
/// let result = try DendriteSimulator(DendriteParameters(latentHeat: 1.2)).run(seed: 7)
/// result.frames.shape  // [60, 64, 64]
/// ```
/// ### References
/// R. Kobayashi, "Modeling and numerical simulations of dendritic crystal growth",
/// Physica D 63, 410–423 (1993), Eqs. (3)–(4).
public struct DendriteSimulator: Sendable {
    public let parameters: DendriteParameters

    public init(_ parameters: DendriteParameters) {
        self.parameters = parameters
    }

    /// Runs the simulation.
    /// - Parameters:
    ///   - seed: seeds the per-cell, per-step noise `U`.
    ///   - includeHiddenFields: also return `"temperature"` `[T, H, W]`, block-averaged, unclipped.
    ///   - progress: called with the number of frames completed.
    /// - Returns: frames `[frameCount, outputSize, outputSize]` in `[0, 1]`.
    /// - Throws: `SimulationError` for invalid parameters (before any work) or a blow-up.
    public func run(
        seed: UInt64, includeHiddenFields: Bool = false, progress: ((Int) -> Void)? = nil
    ) throws -> SimulationResult {
        try parameters.validate()
        var stepper = DendriteStepper(parameters: parameters, noiseSeed: seed)
        return try FrameRecorder.record(
            &stepper,
            schedule: FrameSchedule(
                frameCount: parameters.frameCount, stepsPerFrame: parameters.stepsPerFrame,
                firstFrameIsInitialState: true),
            model: .dendrite, includeHiddenFields: includeHiddenFields, progress: progress)
    }
}
