public import E3DLSTM

/// The documented defaults of `operando train` (Docs/e3d-lstm.md).
public enum SurrogateDefaults {
    public static func configuration(layers: Int, hidden: Int, patch: Int, history: Int, massConserving: Bool) -> E3DLSTMConfiguration {
        E3DLSTMConfiguration(layers: layers, hiddenChannels: hidden, patchSize: patch, historyLength: history, massConserving: massConserving)
    }

    /// Adam 1e-3 → 1e-5 (cosine), scheduled sampling from η = 1 to 0 over `samplingSteps` updates
    /// (the first half when nil), 4mm augmentation, global-norm clipping at 1.
    public static func training(
        steps: Int, batch: Int, learningRate: Float, finalLearningRate: Float, samplingSteps: Int? = nil, seed: UInt64
    ) -> TrainingOptions {
        TrainingOptions(
            learningRate: learningRate, finalLearningRate: finalLearningRate, totalSteps: steps, batchSize: batch,
            samplingDecaySteps: samplingSteps, seed: seed)
    }
}
