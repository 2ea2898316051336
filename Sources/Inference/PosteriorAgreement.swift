import Glibc

/// How well two estimates of the same parameter agree (e.g. surrogate vs simulator bank).
public struct PosteriorAgreement: Codable, Sendable, Equatable {
    /// Bhattacharyya coefficient `∫ √(p q)` of the two posteriors (1 = identical, 0 = disjoint),
    /// evaluated on the union of both grids.
    public let overlap: Double
    /// Whether the other estimate's mean lies in this estimate's 95 % interval.
    public let otherMeanInsideInterval95: Bool
    /// Difference of the means in units of the combined standard deviation.
    public let standardisedDifference: Double

    /// Disagreement: the other mean outside this 95 % interval, or overlap below 0.1.
    public var disagree: Bool { !otherMeanInsideInterval95 || overlap < 0.1 }
}

extension InferenceResult {
    /// Agreement of `other` with this estimate (this one is the reference, e.g. the simulator).
    public func agreement(with other: InferenceResult) -> PosteriorAgreement {
        let grid = Array(Set(posterior.grid + other.posterior.grid)).sorted()
        let product = grid.map { x in (posterior.density(at: x) * other.posterior.density(at: x)).squareRoot() }
        var overlap = 0.0
        for i in 0..<(grid.count - 1) { overlap += (grid[i + 1] - grid[i]) * (product[i] + product[i + 1]) / 2 }
        let spread = (standardDeviation * standardDeviation + other.standardDeviation * other.standardDeviation).squareRoot()
        return PosteriorAgreement(
            overlap: min(overlap, 1), otherMeanInsideInterval95: interval95.contains(other.mean),
            standardisedDifference: spread > 0 ? (other.mean - mean) / spread : 0)
    }

    /// This result with `surrogateSimulatorDisagree` raised when `other` disagrees.
    public func flaggingDisagreement(with other: InferenceResult) -> InferenceResult {
        var copy = self
        copy.flags.surrogateSimulatorDisagree = agreement(with: other).disagree
        return copy
    }
}
