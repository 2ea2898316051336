/// Posterior summary of a nuisance quantity (time shift or time scale).
public struct NuisanceEstimate: Codable, Sendable, Equatable {
    /// Posterior mean.
    public let mean: Double
    /// Value at the best fit.
    public let best: Double
}
