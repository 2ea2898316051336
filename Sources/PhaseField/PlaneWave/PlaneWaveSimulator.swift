import Glibc

/// The analytic damped plane wave, evaluated exactly (no time stepping).
///
/// Each frame uses `sin(a + b) = sin a cos b + cos a sin b` with `a = kx·x` per column and
/// `b = ky·y + ωt + θ₀` per row, in Double, then rounds to Float: `2N` sines per frame instead
/// of `N²`. Output `[frameCount, gridSize, gridSize]` in `[0, 1]`.
///
/// ```swift
/// var generator = SplitMix64(seed: 1)
/// let frames = try PlaneWaveSimulator(.sample(using: &generator)).run(seed: 0).frames  // [200, 64, 64]
/// ```
public struct PlaneWaveSimulator: Sendable {
    public let parameters: PlaneWaveParameters

    public init(_ parameters: PlaneWaveParameters) {
        self.parameters = parameters
    }

    /// Evaluates every frame. The seed is unused (the wave is fully set by its parameters) and
    /// kept so all simulators share one signature; there are no hidden fields.
    /// - Throws: `SimulationError.invalidParameter` before any work.
    public func run(
        seed: UInt64 = 0, includeHiddenFields: Bool = false, progress: ((Int) -> Void)? = nil
    ) throws -> SimulationResult {
        try parameters.validate()
        var stepper = PlaneWaveStepper(parameters: parameters)
        return try FrameRecorder.record(
            &stepper,
            schedule: FrameSchedule(frameCount: parameters.frameCount, stepsPerFrame: 1, firstFrameIsInitialState: true),
            model: .planeWave, includeHiddenFields: includeHiddenFields, progress: progress)
    }
}

/// Frame evaluator: one "step" advances time by `frameInterval`.
struct PlaneWaveStepper: FrameStepper {
    let parameters: PlaneWaveParameters
    private let columnSine: [Double]
    private let columnCosine: [Double]
    private(set) var frameIndex = 0

    init(parameters: PlaneWaveParameters) {
        self.parameters = parameters
        let n = parameters.gridSize
        let kx = parameters.waveVector.x
        columnSine = (0..<n).map { sin(kx * Double($0) / Double(n)) }
        columnCosine = (0..<n).map { cos(kx * Double($0) / Double(n)) }
    }

    var frameHeight: Int { parameters.gridSize }
    var frameWidth: Int { parameters.gridSize }

    mutating func advance(steps: Int) { frameIndex += steps }

    func renderFrame(into frame: UnsafeMutableBufferPointer<Float>) {
        let n = parameters.gridSize
        let time = Double(frameIndex) * parameters.frameInterval
        let amplitude = 0.5 * exp(-parameters.decayRate * time)
        let ky = parameters.waveVector.y
        let shift = parameters.angularFrequency * time + parameters.phase
        columnSine.withUnsafeBufferPointer { sines in
            columnCosine.withUnsafeBufferPointer { cosines in
                for row in 0..<n {
                    let b = ky * Double(row) / Double(n) + shift
                    let sinB = amplitude * sin(b), cosB = amplitude * cos(b)
                    let base = row * n
                    for column in 0..<n {
                        frame[base + column] = Float(sines[column] * cosB + cosines[column] * sinB + 0.5)
                    }
                }
            }
        }
    }
}
