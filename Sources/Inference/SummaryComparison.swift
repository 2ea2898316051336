/// One summary feature of the observed stack against the emulated fit at the best estimate.
public struct SummaryComparison: Codable, Sendable, Equatable {
    /// The feature compared.
    public let feature: SummaryFeature
    /// Observed frame indices compared.
    public let frames: [Int]
    /// Observed values at those frames.
    public let observed: [Double]
    /// Emulated mean at the best (parameter, time warp).
    public let fitted: [Double]
    /// Standard deviation of the fit (including calibration inflation).
    public let fittedDeviation: [Double]
}
