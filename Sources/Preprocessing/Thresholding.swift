public import Tensor

/// Histogram thresholds: Otsu (1979) and multi-Otsu (Liao, Chen & Chung 2001).
public enum Thresholding {
    /// Otsu's threshold on a `bins`-bin histogram of all values of `x` (any shape).
    ///
    /// Maximises the between-class variance `w₀(k) w₁(k) (μ₀(k) − μ₁(k))²` over the split after
    /// bin k and returns the centre of bin k; values `> t` are the upper class. Matches
    /// scikit-image `filters.threshold_otsu(nbins=256)` to within one bin width.
    public static func otsu(_ x: Tensor, bins: Int = 256) -> Double {
        multiOtsu(x, classes: 2, bins: bins)[0]
    }

    /// The `classes − 1` multi-Otsu thresholds (ascending), maximising `Σ_k S_k² / P_k` over
    /// contiguous bin ranges (P_k the class probability, S_k its first moment); class k holds
    /// bins `(i_{k−1}, i_k]`. Exhaustive search, so `classes` ≤ 4. Matches scikit-image
    /// `filters.threshold_multiotsu` to within one bin width.
    public static func multiOtsu(_ x: Tensor, classes: Int, bins: Int = 256) -> [Double] {
        precondition(classes >= 2 && classes <= 4, "multiOtsu: classes \(classes) not in 2…4")
        let (counts, centers) = Statistics.histogram(x.scalars, bins: bins)
        let total = counts.reduce(0, +)
        var cumulativeP = [Double](repeating: 0, count: bins + 1)
        var cumulativeS = [Double](repeating: 0, count: bins + 1)
        for i in 0..<bins {
            cumulativeP[i + 1] = cumulativeP[i] + counts[i] / total
            cumulativeS[i + 1] = cumulativeS[i] + counts[i] / total * Double(i)
        }
        // Score of the class holding bins first...last.
        func score(_ first: Int, _ last: Int) -> Double {
            let p = cumulativeP[last + 1] - cumulativeP[first]
            let s = cumulativeS[last + 1] - cumulativeS[first]
            return p > 0 ? s * s / p : 0
        }
        var best = -Double.infinity
        var bestIndices: [Int] = []
        var indices = [Int](repeating: 0, count: classes - 1)
        func search(_ level: Int, _ start: Int, _ partial: Double) {
            let remaining = classes - 1 - level
            if remaining == 0 {
                let value = partial + score(start, bins - 1)
                if value > best {
                    best = value
                    bestIndices = indices
                }
                return
            }
            for i in start..<(bins - remaining) {
                indices[level] = i
                search(level + 1, i + 1, partial + score(start, i))
            }
        }
        search(0, 0, 0)
        return bestIndices.map { centers[$0] }
    }
}
