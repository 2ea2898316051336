/// One rotation-invariant morphology measure of a single frame (see ``SummaryStatistics``).
///
/// All lengths are divided by half the image side `h = min(H, W) / 2`, so values are O(1)
/// and do not depend on the grid size.
public enum SummaryFeature: String, Codable, CaseIterable, Sendable {
    /// Solid fraction `Σ m / (H·W)` of the soft solid mask `m`.
    case solidFraction
    /// Interface length `Σ |∇m| / (2π h)` (a disc of radius `h` gives 1).
    case interfaceLength
    /// Radius of gyration of `m` about its centroid, `/ h`.
    case gyrationRadius
    /// 90th percentile over rays from the centroid of the outermost `m = 1/2` crossing, `/ h`
    /// (how far the arm tips reach).
    case tipRadius
    /// 10th percentile of the same ray radii, `/ h` (how deep the gaps between arms are).
    case notchRadius
    /// Six-fold angular Fourier amplitude `|Σ m r² e^{6iθ}| / Σ m r²` (0 for a disc, larger for
    /// thin six-armed stars; invariant to the crystal orientation θ0).
    case sixfoldAmplitude
}
