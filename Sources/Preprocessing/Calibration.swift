public import Tensor

/// Physical units of a stack: the edge length of one (square) pixel and the time between frames.
/// Units are the caller's (e.g. µm and s); steps only multiply them.
public struct Calibration: Sendable, Equatable, Codable {
    /// Edge length of one pixel.
    public var pixelSize: Double
    /// Time between consecutive frames.
    public var frameInterval: Double

    public init(pixelSize: Double, frameInterval: Double) {
        self.pixelSize = pixelSize
        self.frameInterval = frameInterval
    }
}

/// What one step did: its canonical description, shapes, calibration afterwards, and the
/// decisions it made from the data (thresholds, gains, polarity, clipped fractions).
public struct StepLog: Sendable, Equatable, Codable {
    /// Position in the recipe, from 0.
    public var index: Int
    /// The step's canonical JSON (`PreprocessingStep.canonicalDescription`).
    public var step: String
    public var inputShape: [Int]
    public var outputShape: [Int]
    public var calibration: Calibration
    /// Data-dependent decisions, e.g. `"polarity": "keep: 96.1 % of border pixels are dark"`.
    public var notes: [String: String]
}

/// The output of `Pipeline.apply`.
public struct PreprocessingResult: Sendable {
    /// The processed `[T, H, W]` Float32 stack.
    public var frames: Tensor
    public var calibration: Calibration
    /// One entry per step, in order.
    public var log: [StepLog]
}

