/// Per-frame summary features of one frame stack: a `[frames, features]` table, row-major.
public struct SummarySeries: Codable, Sendable, Equatable {
    /// Number of frames (rows).
    public let frameCount: Int
    /// The features (columns), in order.
    public let features: [SummaryFeature]
    /// `values[frame * features.count + column]`.
    public let values: [Double]

    /// - Precondition: `values.count == frameCount * features.count`.
    public init(frameCount: Int, features: [SummaryFeature], values: [Double]) {
        precondition(
            values.count == frameCount * features.count,
            "SummarySeries: \(values.count) values for \(frameCount) frames × \(features.count) features")
        self.frameCount = frameCount
        self.features = features
        self.values = values
    }

    /// The value of `features[column]` at `frame`.
    public func value(frame: Int, column: Int) -> Double {
        values[frame * features.count + column]
    }

    /// One feature as a time series (length `frameCount`).
    public func column(_ column: Int) -> [Double] {
        (0..<frameCount).map { values[$0 * features.count + column] }
    }

    /// The value of `features[column]` at fractional frame `time`, linearly interpolated.
    /// - Precondition: `0 ≤ time ≤ frameCount - 1`.
    public func interpolated(time: Double, column: Int) -> Double {
        let (lower, weight) = Self.bracket(time: time, frameCount: frameCount)
        let a = value(frame: lower, column: column)
        if weight == 0 { return a }
        return a + weight * (value(frame: lower + 1, column: column) - a)
    }

    /// Lower frame index and weight of the upper one for linear interpolation at `time`.
    static func bracket(time: Double, frameCount: Int) -> (lower: Int, weight: Double) {
        precondition(time >= -1e-9 && time <= Double(frameCount - 1) + 1e-9, "time \(time) outside 0...\(frameCount - 1)")
        let clamped = min(max(time, 0), Double(frameCount - 1))
        let lower = min(Int(clamped), max(frameCount - 2, 0))
        return (lower, frameCount == 1 ? 0 : clamped - Double(lower))
    }
}
