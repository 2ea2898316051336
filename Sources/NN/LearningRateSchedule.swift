import Glibc

/// A learning rate as a function of the update count (0 for the first update).
public protocol LearningRateSchedule: Sendable {
    func learningRate(atStep step: Int) -> Float
}

/// `lr(t) = initial · rate^(t / decaySteps)`, with t / decaySteps rounded down when `staircase`.
public struct ExponentialDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decayRate: Float
    public let decaySteps: Int
    public let staircase: Bool

    /// - Precondition: `initialLearningRate ≥ 0`, `decayRate > 0`, `decaySteps ≥ 1`.
    public init(initialLearningRate: Float, decayRate: Float, decaySteps: Int, staircase: Bool = false) {
        precondition(initialLearningRate >= 0 && decayRate > 0 && decaySteps >= 1,
            "ExponentialDecay: initial \(initialLearningRate), rate \(decayRate), steps \(decaySteps)")
        self.initialLearningRate = initialLearningRate
        self.decayRate = decayRate
        self.decaySteps = decaySteps
        self.staircase = staircase
    }

    public func learningRate(atStep step: Int) -> Float {
        var exponent = Double(step) / Double(decaySteps)
        if staircase { exponent.round(.down) }
        return Float(Double(initialLearningRate) * Glibc.pow(Double(decayRate), exponent))
    }
}

/// Cosine decay (Loshchilov & Hutter 2017, no restarts) from `initial` to `minimum` over
/// `decaySteps`, constant at `minimum` afterwards:
/// ```
/// lr(t) = minimum + (initial − minimum) · ½ (1 + cos(π · min(t, T) / T))
/// ```
public struct CosineDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let minimumLearningRate: Float
    public let decaySteps: Int

    /// - Precondition: `initialLearningRate ≥ minimumLearningRate ≥ 0`, `decaySteps ≥ 1`.
    public init(initialLearningRate: Float, minimumLearningRate: Float = 0, decaySteps: Int) {
        precondition(initialLearningRate >= minimumLearningRate && minimumLearningRate >= 0 && decaySteps >= 1,
            "CosineDecay: initial \(initialLearningRate), minimum \(minimumLearningRate), steps \(decaySteps)")
        self.initialLearningRate = initialLearningRate
        self.minimumLearningRate = minimumLearningRate
        self.decaySteps = decaySteps
    }

    public func learningRate(atStep step: Int) -> Float {
        let progress = Double(min(max(step, 0), decaySteps)) / Double(decaySteps)
        let cosine = 0.5 * (1 + Glibc.cos(Double.pi * progress))
        return minimumLearningRate + (initialLearningRate - minimumLearningRate) * Float(cosine)
    }
}
