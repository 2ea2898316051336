public import E3DLSTM

/// Metadata of a weights artifact: what the model is and how it was trained.
public struct WeightsMetadata: Codable, Sendable {
    public var configuration: E3DLSTMConfiguration
    public var options: TrainingOptions
    public var dataset: String?
    /// For fine-tuned weights: the parent weights and the stack they were tuned on.
    public var parent: String?
    public var stack: String?
    public var steps: Int
    public var curve: TrainingCurve
    public var wallSeconds: Double
}

/// Loss against update number, for the training report.
public struct TrainingCurve: Codable, Sendable, Equatable {
    public var trainSteps: [Int] = []
    public var trainLoss: [Double] = []
    public var validationSteps: [Int] = []
    public var validationLoss: [Double] = []

    public init() {}
}
