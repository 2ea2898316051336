import Glibc

/// How `E3DLSTMTrainer` trains (Docs/e3d-lstm.md, "Training").
///
/// ```
/// lr(t) = final + (initial − final) · ½ (1 + cos(π · min(t, T) / T))      (cosine, T = totalSteps)
/// η(t)  = max(0, initialTruthProbability · (1 − t / samplingDecaySteps))  (scheduled sampling)
/// loss  = mean |x̂ − x| + mean (x̂ − x)²   over every predicted frame of the clip
/// ```
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// Learning rate of the first update.
    public var learningRate: Float
    /// Learning rate reached at `totalSteps` (and kept afterwards).
    public var finalLearningRate: Float
    /// Length of the learning-rate decay, in updates.
    public var totalSteps: Int
    /// Clips per update, as the caller batches them (informational; `step` takes any batch).
    public var batchSize: Int
    /// Probability η of feeding the ground-truth frame (not the prediction) in the output phase
    /// at step 0.
    public var initialTruthProbability: Float
    /// Updates over which η falls linearly to 0.
    public var samplingDecaySteps: Int
    /// Apply one random operation of the square's symmetry group per clip.
    public var augmentation: Bool
    /// Global gradient-norm clipping threshold.
    public var maximumGradientNorm: Float
    /// The first `freezeLayers` cells keep their weights (fine-tuning); the decoder always trains.
    public var freezeLayers: Int
    /// Seed of the trainer's generator (augmentation and sampling draws).
    public var seed: UInt64

    public init(
        learningRate: Float = 1e-3, finalLearningRate: Float = 1e-5, totalSteps: Int = 10_000, batchSize: Int = 8,
        initialTruthProbability: Float = 1, samplingDecaySteps: Int? = nil, augmentation: Bool = true,
        maximumGradientNorm: Float = 1, freezeLayers: Int = 0, seed: UInt64 = 0
    ) {
        self.learningRate = learningRate
        self.finalLearningRate = finalLearningRate
        self.totalSteps = totalSteps
        self.batchSize = batchSize
        self.initialTruthProbability = initialTruthProbability
        self.samplingDecaySteps = samplingDecaySteps ?? max(1, totalSteps / 2)
        self.augmentation = augmentation
        self.maximumGradientNorm = maximumGradientNorm
        self.freezeLayers = freezeLayers
        self.seed = seed
    }

    /// Throws `E3DLSTMError.invalidTrainingOption` for the first value out of range.
    public func validate(layers: Int) throws {
        func require(_ ok: Bool, _ field: String, _ value: Any, _ requirement: String) throws {
            if !ok { throw E3DLSTMError.invalidTrainingOption(field: field, value: "\(value)", requirement: requirement) }
        }
        try require(learningRate > 0 && learningRate.isFinite, "learningRate", learningRate, "positive and finite")
        try require(finalLearningRate >= 0 && finalLearningRate <= learningRate, "finalLearningRate", finalLearningRate, "in [0, learningRate]")
        try require(totalSteps >= 1, "totalSteps", totalSteps, "≥ 1")
        try require(batchSize >= 1, "batchSize", batchSize, "≥ 1")
        try require((0...1).contains(initialTruthProbability), "initialTruthProbability", initialTruthProbability, "in [0, 1]")
        try require(samplingDecaySteps >= 1, "samplingDecaySteps", samplingDecaySteps, "≥ 1")
        try require(maximumGradientNorm > 0, "maximumGradientNorm", maximumGradientNorm, "> 0")
        try require(freezeLayers >= 0 && freezeLayers <= layers, "freezeLayers", freezeLayers, "in 0...\(layers)")
    }

    /// The learning rate of update `step` (0-based).
    public func learningRate(atStep step: Int) -> Float {
        let progress = Double(min(max(step, 0), totalSteps)) / Double(totalSteps)
        let cosine = Float(0.5 * (1 + Glibc.cos(Double.pi * progress)))
        return finalLearningRate + (learningRate - finalLearningRate) * cosine
    }

    /// η, the ground-truth probability of update `step`.
    public func truthProbability(atStep step: Int) -> Float {
        max(0, initialTruthProbability * (1 - Float(step) / Float(samplingDecaySteps)))
    }
}
