public import Tensor

/// One synthetic stack with a known parameter value, as calibration input.
public struct CalibrationCase: Codable, Sendable, Equatable {
    /// The true parameter value.
    public let truth: Double
    /// Summaries of the observed (cropped, strided, noisy) frames.
    public let summaries: SummarySeries
    /// The timing the inferencer is told.
    public let timing: ObservationTiming

    public init(truth: Double, summaries: SummarySeries, timing: ObservationTiming) {
        self.truth = truth
        self.summaries = summaries
        self.timing = timing
    }

    /// A case from frames `[T, H, W]`.
    public init(truth: Double, frames: Tensor, timing: ObservationTiming) {
        self.init(truth: truth, summaries: SummaryStatistics.series(of: frames), timing: timing)
    }
}
