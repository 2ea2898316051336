/// Goodness of fit at the best (parameter, time warp) pair.
public struct GoodnessOfFit: Codable, Sendable, Equatable {
    /// `χ² = rᵀ (λΣ)⁻¹ r` at the best fit, with the calibration inflation λ (before any Birge factor).
    public let chiSquare: Double
    /// Summary dimension minus fitted quantities (parameter, time shift, time scale).
    public let degreesOfFreedom: Int
    /// `P(χ²_dof ≥ chiSquare)`: small values mean the simulations cannot produce the observation.
    public let pValue: Double

    /// `chiSquare / degreesOfFreedom` (≈ 1 for a good fit).
    public var chiSquarePerDegree: Double { chiSquare / Double(degreesOfFreedom) }
}
