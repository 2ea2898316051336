/// Outcome of a simulation-based calibration.
public struct CalibrationReport: Codable, Sendable {
    /// Coverage and rank uniformity at one candidate inflation.
    public struct ScanPoint: Codable, Sendable, Equatable {
        public let inflation: Double
        public let coverage68: Double
        public let coverage95: Double
        /// Kolmogorov–Smirnov distance of the central-interval ranks `|2F(truth) − 1|` from uniform.
        public let ksDistance: Double
    }

    /// The correction to hand to ``Inferencer``.
    public let correction: CalibrationCorrection
    /// True parameter values of the stacks.
    public let truths: [Double]
    /// Posterior means with the correction applied.
    public let estimates: [Double]
    /// Posterior CDF at the truth, `F(truth)`, with the correction (uniform when calibrated).
    public let ranks: [Double]
    /// Histogram of `ranks` in 10 equal bins on [0, 1].
    public let rankHistogram: [Int]
    /// Median of `|estimate − truth| / truth`.
    public let medianRelativeError: Double
    /// 90th percentile of `|estimate − truth| / truth`.
    public let p90RelativeError: Double
    /// Coverage for every candidate inflation.
    public let scan: [ScanPoint]
    /// Forward runs made for the calibration (0 for ``Calibration/evaluate(bank:cases:design:options:)``).
    public let forwardRuns: Int
    /// Wall time in seconds.
    public let wallSeconds: Double
}
