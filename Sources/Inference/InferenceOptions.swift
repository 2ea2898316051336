/// Tuning of the synthetic-likelihood posterior; the defaults follow Docs/inference.md.
public struct InferenceOptions: Codable, Sendable, Equatable {
    /// Summary features compared (columns of ``SummarySeries``).
    public var features: [SummaryFeature] = SummaryFeature.allCases
    /// Observed frames compared, evenly spaced over the stack (first and last included).
    public var timePoints: Int = 10
    /// Largest time shift `s` (in bank frames) between the bank's frame 0 (nucleus) and the
    /// observed frame 0; uniform prior on `[0, maximumTimeShift]`. 0 = origin known.
    public var maximumTimeShift: Double = 6
    /// Grid step of the time shift, in bank frames.
    public var shiftStep: Double = 0.25
    /// Grid points of the log time scale when the timing is ``ObservationTiming/unknown(scaleRange:)``.
    public var scaleSteps: Int = 17
    /// Grid points of the observation blur between the bank's first and last blur level.
    public var blurSteps: Int = 13
    /// Nodes of the coarse posterior grid over the whole prior range.
    public var gridCount: Int = 161
    /// Extra nodes spread over the region holding the coarse posterior's mass (0 = no
    /// refinement), so that posteriors narrower than the coarse spacing are resolved.
    public var refinedGridCount: Int = 121
    /// Standard deviation added to every summary (normalised units) for model discrepancy and
    /// as a floor where the simulations are deterministic (e.g. the nucleus frame).
    public var modelDiscrepancy: Double = 0.003
    /// Weight of the identity in the shrunk correlation `(1 − α) R + α I`.
    public var correlationShrinkage: Double = 0.1
    /// Candidate emulator bandwidths in units of the node spacing; the one with the smallest
    /// leave-one-out error is used.
    public var bandwidthFactors: [Double] = [0.6, 0.8, 1.0, 1.3, 1.7, 2.2]
    /// Goodness-of-fit p-value below which the fit is flagged poor (and intervals are widened by
    /// tempering the log-likelihood by the Birge factor χ²/dof).
    public var poorFitPValue: Double = 1e-3
    /// p-value of ``EngineDiscrepancy`` below which the surrogate and the simulator disagree.
    public var engineDisagreementPValue: Double = 1e-3
    /// Posterior standard deviation, as a fraction of the prior's (`width / √12`), at or above
    /// which the parameter counts as not identified.
    public var notIdentifiableRatio: Double = 0.5
    /// Width of the band at each prior end, as a fraction of the prior width, that counts as
    /// "at the edge" for the mode or the 95 % interval.
    public var edgeFraction: Double = 0.02
    /// Posterior samples returned.
    public var sampleCount: Int = 1000
    /// Seed of the posterior samples.
    public var sampleSeed: UInt64 = 7

    public init() {}
}
