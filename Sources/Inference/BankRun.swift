/// One forward run of a bank: its inputs and the summaries of its frames.
public struct BankRun: Codable, Sendable, Equatable {
    /// Value of the inferred parameter.
    public let value: Double
    /// Every parameter passed to the forward model (inferred, nuisance and fixed).
    public let parameters: [String: Double]
    /// Seed passed to the forward model.
    public let seed: UInt64
    /// Per-frame summaries of the simulated stack, one series per entry of the design's
    /// `blurLevels` (index 0: the unblurred frames).
    public let summaries: [SummarySeries]

    public init(value: Double, parameters: [String: Double], seed: UInt64, summaries: [SummarySeries]) {
        precondition(!summaries.isEmpty, "BankRun: no summaries")
        self.value = value
        self.parameters = parameters
        self.seed = seed
        self.summaries = summaries
    }
}
