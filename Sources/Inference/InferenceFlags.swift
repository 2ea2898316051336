/// Warnings attached to an estimate; any raised flag means "do not quote the interval as is".
public struct InferenceFlags: Codable, Sendable, Equatable {
    /// The mode or the 95 % interval lies within `edgeFraction` of a prior bound: the prior
    /// truncates the posterior, the truth may lie outside the bank.
    public var atPriorEdge = false
    /// The posterior has more than one separated mode.
    public var multimodal = false
    /// The best fit is implausible under the likelihood (p-value below `poorFitPValue`): the
    /// observation is not like the simulations (wrong model, not a dendrite, bad preprocessing).
    /// The whole log-likelihood was then tempered by the Birge factor `χ²/dof` (see
    /// ``InferenceResult/birgeFactor``), which widens the posterior accordingly.
    public var poorFit = false
    /// The posterior is nearly as wide as the prior.
    public var notIdentifiable = false
    /// The surrogate and the simulator disagree: the simulator re-run at a surrogate estimate does
    /// not reproduce the surrogate's summaries (``EngineDiscrepancy``), or a second estimate of
    /// the same stack disagrees with this one (``PosteriorAgreement``).
    public var surrogateSimulatorDisagree = false

    public init() {}

    /// Names of the raised flags, e.g. `["poorFit", "notIdentifiable"]`.
    public var raised: [String] {
        [("atPriorEdge", atPriorEdge), ("multimodal", multimodal), ("poorFit", poorFit),
         ("notIdentifiable", notIdentifiable), ("surrogateSimulatorDisagree", surrogateSimulatorDisagree)]
            .filter(\.1).map(\.0)
    }

    /// True when no flag is raised.
    public var isClean: Bool { raised.isEmpty }
}
