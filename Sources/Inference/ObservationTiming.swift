/// What is known about the observed stack's frame interval, in model time.
///
/// The time *origin* is always treated as unknown within `InferenceOptions.maximumTimeShift`
/// (set it to 0 when frame 0 is known to be the nucleation time). The time *scale* is the ratio
/// `c = observed frame interval / bank frame interval`; observed frame `j` is compared with the
/// simulated summaries at bank frame `s + c·j` for time shift `s`.
public enum ObservationTiming: Codable, Sendable, Equatable {
    /// The observed frames are as far apart in model time as the bank's (`c = 1`).
    case matchesBank
    /// The observed frames are `frameInterval` model-time units apart (`c = frameInterval / bank's`).
    case known(frameInterval: Double)
    /// The scale `c` is unknown; it is marginalised with a log-uniform prior over `scaleRange`.
    case unknown(scaleRange: ClosedRange<Double>)

    /// Unknown scale within a factor 2 either way.
    public static var unknownScale: ObservationTiming { .unknown(scaleRange: 0.5...2) }
}
