/// Everything one estimate says: posterior, point estimates, intervals, fit, flags, provenance.
public struct InferenceResult: Codable, Sendable {
    /// Name of the inferred parameter (e.g. `"K"`).
    public let parameter: String
    /// Uniform prior range (the bank's).
    public let prior: ClosedRange<Double>
    /// Posterior density on the grid.
    public let posterior: Posterior1D
    /// Posterior mean.
    public let mean: Double
    /// Maximum a posteriori (grid node).
    public let map: Double
    /// Posterior standard deviation.
    public let standardDeviation: Double
    /// Equal-tailed 68 % credible interval.
    public let interval68: ClosedRange<Double>
    /// Equal-tailed 95 % credible interval.
    public let interval95: ClosedRange<Double>
    /// Draws from the posterior.
    public let samples: [Double]
    /// Time shift (bank frames between nucleation and observed frame 0).
    public let timeShift: NuisanceEstimate
    /// Time scale (observed / bank frame interval).
    public let timeScale: NuisanceEstimate
    /// Observation blur σ in pixels (0 when the bank has no blur levels).
    public let blur: NuisanceEstimate
    /// Goodness of fit at the best estimate.
    public let goodnessOfFit: GoodnessOfFit
    /// Warnings.
    public var flags: InferenceFlags
    /// Observed vs fitted summary curves.
    public let summaries: [SummaryComparison]
    /// Timing assumption used.
    public let timing: ObservationTiming
    /// Calibration applied (nil = none).
    public let correction: CalibrationCorrection?
    /// Effective inflation: calibration λ × Birge factor (applied as likelihood tempering).
    public let covarianceInflation: Double
    /// Birge factor `b = χ²/dof` when the fit is poor (1 otherwise): the log-likelihood is divided
    /// by `b` (a tempered, generalised-Bayes posterior), so neither the misfit nor the
    /// covariance determinant can make a misspecified posterior look sharp.
    public let birgeFactor: Double
    /// Forward runs the estimate rests on (the bank's; inference itself runs none).
    public let forwardRuns: Int
    /// Label of the bank used.
    public let bankLabel: String
    /// Emulator bandwidth in parameter units (chosen by leave-one-out on the bank).
    public let emulatorBandwidth: Double
    /// Wall time of this estimate in seconds (bank excluded).
    public let wallSeconds: Double
    /// The simulator-vs-surrogate check, when the bank was built by a surrogate (nil otherwise).
    public var engineCheck: EngineDiscrepancy? = nil

    /// Width of the 95 % interval relative to the posterior mean.
    public var relativeWidth95: Double { (interval95.upperBound - interval95.lowerBound) / abs(mean) }
}
