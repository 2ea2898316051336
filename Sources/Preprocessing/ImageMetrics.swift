public import Tensor
import Glibc

/// Frame-comparison metrics of the paper (PHASEFIELD.md §4): RMSE and SSIM.
public enum ImageMetrics {
    /// `sqrt(mean((a − b)²))` over all elements (pixels and frames), accumulated in Double.
    /// - Precondition: equal shapes.
    public static func rmse(_ a: Tensor, _ b: Tensor) -> Double {
        precondition(a.shape == b.shape, "rmse: \(a.shape) vs \(b.shape)")
        precondition(a.count > 0, "rmse: empty tensors")
        var total = 0.0
        for i in 0..<a.count {
            let d = Double(a.scalars[i]) - Double(b.scalars[i])
            total += d * d
        }
        return (total / Double(a.count)).squareRoot()
    }

    /// RMSE of each frame of two `[T, H, W]` stacks.
    public static func rmsePerFrame(_ a: Tensor, _ b: Tensor) -> [Double] {
        precondition(a.shape == b.shape && a.rank == 3, "rmsePerFrame: \(a.shape) vs \(b.shape)")
        return (0..<a.shape[0]).map { rmse(a.frame($0), b.frame($0)) }
    }

    /// SSIM (Wang et al. 2004) of two `[H, W]` frames with the paper's recipe: Gaussian window
    /// σ = 1.5 truncated at 3.5σ (11 taps, half-sample symmetric borders), `c1 = (0.01 L)²`,
    /// `c2 = (0.03 L)²`, population (co)variances,
    /// `S = (2 μa μb + c1)(2 σab + c2) / ((μa² + μb² + c1)(σa² + σb² + c2))`, averaged over the map
    /// with 5 px cropped on each side. Equals scikit-image `structural_similarity(gaussian_weights=True,
    /// sigma=1.5, use_sample_covariance=False, data_range=L)`.
    /// For `[T, H, W]` stacks, the mean of the per-frame values.
    /// - Precondition: equal shapes, frames at least 11 × 11.
    public static func ssim(_ a: Tensor, _ b: Tensor, dataRange: Double = 1) -> Double {
        precondition(a.shape == b.shape, "ssim: \(a.shape) vs \(b.shape)")
        if a.rank == 3 {
            let values = ssimPerFrame(a, b, dataRange: dataRange)
            return values.reduce(0, +) / Double(values.count)
        }
        precondition(a.rank == 2 && a.shape[0] >= 11 && a.shape[1] >= 11, "ssim: frames must be ≥ 11 × 11, got \(a.shape)")
        let (height, width) = (a.shape[0], a.shape[1])
        let x = a.scalars.map(Double.init)
        let y = b.scalars.map(Double.init)
        let kernel = (-5...5).map { exp(-Double($0 * $0) / (2 * 1.5 * 1.5)) }
        let norm = kernel.reduce(0, +)
        let taps = kernel.map { $0 / norm }
        func blur(_ image: [Double]) -> [Double] {
            var rows = [Double](repeating: 0, count: image.count)
            var out = [Double](repeating: 0, count: image.count)
            for r in 0..<height {
                for c in 0..<width {
                    var sum = 0.0
                    for k in 0..<11 { sum += taps[k] * image[r * width + Boundary.symmetric.index(c + k - 5, width)] }
                    rows[r * width + c] = sum
                }
            }
            for r in 0..<height {
                for c in 0..<width {
                    var sum = 0.0
                    for k in 0..<11 { sum += taps[k] * rows[Boundary.symmetric.index(r + k - 5, height) * width + c] }
                    out[r * width + c] = sum
                }
            }
            return out
        }
        let ux = blur(x)
        let uy = blur(y)
        let uxx = blur(x.map { $0 * $0 })
        let uyy = blur(y.map { $0 * $0 })
        let uxy = blur(zip(x, y).map { $0 * $1 })
        let c1 = (0.01 * dataRange) * (0.01 * dataRange)
        let c2 = (0.03 * dataRange) * (0.03 * dataRange)
        var total = 0.0
        var count = 0
        for r in 5..<(height - 5) {
            for c in 5..<(width - 5) {
                let i = r * width + c
                let vx = uxx[i] - ux[i] * ux[i]
                let vy = uyy[i] - uy[i] * uy[i]
                let vxy = uxy[i] - ux[i] * uy[i]
                total += (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)
                    / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2))
                count += 1
            }
        }
        return total / Double(count)
    }

    /// SSIM of each frame of two `[T, H, W]` stacks.
    public static func ssimPerFrame(_ a: Tensor, _ b: Tensor, dataRange: Double = 1) -> [Double] {
        precondition(a.shape == b.shape && a.rank == 3, "ssimPerFrame: \(a.shape) vs \(b.shape)")
        return FrameMap.collect(a.shape[0]) { ssim(a.frame($0), b.frame($0), dataRange: dataRange) }
    }

    /// The paper's 20-bin histogram: counts in 20 equal bins on [low, high] (values outside go to
    /// the end bins), normalised to sum 1 (all zeros for no values).
    public static func histogram20(_ values: [Double], low: Double, high: Double) -> [Double] {
        precondition(high > low, "histogram20: [\(low), \(high)]")
        var counts = [Double](repeating: 0, count: 20)
        for value in values where !value.isNaN {
            let index = Int(((value - low) / (high - low) * 20).rounded(.down))
            counts[min(max(index, 0), 19)] += 1
        }
        let total = counts.reduce(0, +)
        return total > 0 ? counts.map { $0 / total } : counts
    }

    /// Euclidean distance between two histograms: `sqrt(Σ (h₁ − h₂)²)`.
    public static func histogramDistance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "histogramDistance: \(a.count) vs \(b.count) bins")
        return zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}
