public import NN
public import Tensor

/// Everything besides the weights that an exact resume needs.
public struct TrainingState: Sendable, Equatable {
    /// Updates applied so far (the next update has index `step`).
    public var step: Int
    /// Adam's moments and update count.
    public var optimizer: AdamState
    /// The generator behind augmentation and scheduled-sampling draws.
    public var generator: SplitMix64
    /// Scheduled-sampling η of the next update (probability of feeding ground truth).
    public var truthProbability: Float

    public init(step: Int, optimizer: AdamState, generator: SplitMix64, truthProbability: Float) {
        self.step = step
        self.optimizer = optimizer
        self.generator = generator
        self.truthProbability = truthProbability
    }
}
