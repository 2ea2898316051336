/// The interval correction found by simulation-based calibration (``Calibration``), applied by
/// ``Inferencer`` to every later estimate and cited in its result.
///
/// The log-likelihood is divided by `inflation` (λ ≥ 1): the same as multiplying the covariance
/// by λ when it does not vary with the parameter, and it widens intervals by about `√λ` where
/// the likelihood dominates the prior. (Inflating only the quadratic term would leave the
/// `log det Σ(θ)` term at full weight and bias wide posteriors toward low-variance θ.)
public struct CalibrationCorrection: Codable, Sendable, Equatable {
    /// Inflation (likelihood tempering) λ.
    public let inflation: Double
    /// Number of calibration stacks.
    public let stackCount: Int
    /// Fraction of stacks whose 68 % / 95 % interval covered the truth, with λ = 1.
    public let rawCoverage68: Double
    public let rawCoverage95: Double
    /// The same with λ applied.
    public let coverage68: Double
    public let coverage95: Double
    /// Kolmogorov–Smirnov p-value of the central-interval ranks (uniform when calibrated), with λ.
    public let rankUniformityPValue: Double
    /// The bank label the calibration was run against.
    public let bankLabel: String

    public init(inflation: Double, stackCount: Int, rawCoverage68: Double, rawCoverage95: Double,
                coverage68: Double, coverage95: Double, rankUniformityPValue: Double, bankLabel: String) {
        precondition(inflation > 0, "CalibrationCorrection: inflation \(inflation)")
        self.inflation = inflation
        self.stackCount = stackCount
        self.rawCoverage68 = rawCoverage68
        self.rawCoverage95 = rawCoverage95
        self.coverage68 = coverage68
        self.coverage95 = coverage95
        self.rankUniformityPValue = rankUniformityPValue
        self.bankLabel = bankLabel
    }
}
