import Glibc
import Tensor

/// A posterior density of one parameter on a grid, taken as piecewise linear between nodes.
///
/// With density `p` linear on each cell `[x_i, x_{i+1}]`, the CDF is piecewise quadratic,
/// `F(x_i + uΔ) = F_i + Δ (p_i u + (p_{i+1} − p_i) u² / 2)`, so quantiles, intervals and the mean
/// are exact for that density (no further quadrature error). The density is normalised so that
/// `F(last) = 1`.
public struct Posterior1D: Codable, Sendable, Equatable {
    /// Grid nodes, strictly increasing.
    public let grid: [Double]
    /// Normalised density at the nodes.
    public let density: [Double]
    /// CDF at the nodes (`cdf[0] = 0`, `cdf.last = 1`).
    public let cdf: [Double]

    /// Normalises non-negative `unnormalised` values on `grid`.
    /// - Precondition: ≥ 2 strictly increasing nodes, values ≥ 0 with a positive integral.
    public init(grid: [Double], unnormalised: [Double]) {
        precondition(grid.count >= 2 && grid.count == unnormalised.count, "Posterior1D: \(grid.count) nodes, \(unnormalised.count) values")
        precondition(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 }, "Posterior1D: grid not increasing")
        precondition(unnormalised.allSatisfy { $0 >= 0 && $0.isFinite }, "Posterior1D: negative or non-finite density")
        var cumulative = [0.0]
        for i in 0..<(grid.count - 1) {
            cumulative.append(cumulative[i] + (grid[i + 1] - grid[i]) * (unnormalised[i] + unnormalised[i + 1]) / 2)
        }
        let total = cumulative.last!
        precondition(total > 0, "Posterior1D: zero total mass")
        self.grid = grid
        self.density = unnormalised.map { $0 / total }
        self.cdf = cumulative.map { $0 / total }
    }

    /// A posterior from log-densities (shifted by their maximum before exponentiating).
    public init(grid: [Double], logDensity: [Double]) {
        let top = logDensity.max() ?? 0
        self.init(grid: grid, unnormalised: logDensity.map { $0.isFinite ? exp($0 - top) : 0 })
    }

    /// `∫ x p(x) dx`.
    public var mean: Double {
        var total = 0.0
        for i in 0..<(grid.count - 1) {
            let width = grid[i + 1] - grid[i]
            total += width / 6 * (grid[i] * (2 * density[i] + density[i + 1]) + grid[i + 1] * (density[i] + 2 * density[i + 1]))
        }
        return total
    }

    /// Posterior standard deviation.
    public var standardDeviation: Double {
        let m = mean
        var total = 0.0
        for i in 0..<(grid.count - 1) {
            // ∫ (x − m)² p over the cell, p linear: exact by 3-point Simpson on a cubic.
            let (a, b) = (grid[i], grid[i + 1])
            let mid = (a + b) / 2, pMid = (density[i] + density[i + 1]) / 2
            total += (b - a) / 6 * ((a - m) * (a - m) * density[i] + 4 * (mid - m) * (mid - m) * pMid + (b - m) * (b - m) * density[i + 1])
        }
        return max(total, 0).squareRoot()
    }

    /// The grid node of highest density (maximum a posteriori).
    public var mode: Double { grid[density.indices.max { density[$0] < density[$1] }!] }

    /// The density at `x`, linear between nodes (0 outside the grid).
    public func density(at x: Double) -> Double {
        guard x >= grid[0], x <= grid[grid.count - 1] else { return 0 }
        let i = cell(containing: x)
        let u = (x - grid[i]) / (grid[i + 1] - grid[i])
        return (1 - u) * density[i] + u * density[i + 1]
    }

    /// Index `i` of the cell `[grid[i], grid[i+1]]` containing `x` (binary search).
    private func cell(containing x: Double) -> Int {
        var i = 0
        var hi = grid.count - 1
        while hi - i > 1 {
            let mid = (i + hi) / 2
            if grid[mid] <= x { i = mid } else { hi = mid }
        }
        return i
    }

    /// The CDF at `x` (0 below the grid, 1 above).
    public func cumulative(at x: Double) -> Double {
        if x <= grid[0] { return 0 }
        if x >= grid[grid.count - 1] { return 1 }
        let i = cell(containing: x)
        let width = grid[i + 1] - grid[i]
        let u = (x - grid[i]) / width
        return cdf[i] + width * (density[i] * u + (density[i + 1] - density[i]) * u * u / 2)
    }

    /// The `q`-quantile: the `x` with `F(x) = q`.
    /// - Precondition: `0 ≤ q ≤ 1`.
    public func quantile(_ q: Double) -> Double {
        precondition(q >= 0 && q <= 1, "quantile: q = \(q)")
        if q <= 0 { return grid[cdf.firstIndex { $0 > 0 }.map { max($0 - 1, 0) } ?? 0] }
        guard let upper = cdf.firstIndex(where: { $0 >= q }), upper > 0 else { return grid.last! }
        let i = upper - 1
        let width = grid[i + 1] - grid[i]
        let target = (q - cdf[i]) / width  // solve p_i u + (p_{i+1} − p_i) u²/2 = target
        let slope = density[i + 1] - density[i]
        var u: Double
        if abs(slope) < 1e-12 * max(density[i], 1e-300) {
            u = density[i] > 0 ? target / density[i] : 0
        } else {
            let discriminant = max(density[i] * density[i] + 2 * slope * target, 0)
            u = (-density[i] + discriminant.squareRoot()) / slope
        }
        u = min(max(u, 0), 1)
        return grid[i] + u * width
    }

    /// The equal-tailed credible interval of probability `level` (`[q(α/2), q(1 − α/2)]`).
    public func interval(level: Double) -> ClosedRange<Double> {
        precondition(level > 0 && level < 1, "interval: level \(level)")
        return quantile((1 - level) / 2)...quantile((1 + level) / 2)
    }

    /// `count` independent draws by inverting the CDF of uniform `SplitMix64` numbers.
    public func samples(count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in quantile(Double(generator.next() >> 11) * 0x1p-53) }
    }

    /// Local maxima that count as separate modes: peak ≥ `relativeHeight` × the global maximum,
    /// and between it and every higher mode the density dips below `dip` × its own peak.
    /// Sorted by height, highest first.
    public func modes(relativeHeight: Double = 0.1, dip: Double = 0.5) -> [Double] {
        let n = density.count
        let top = density.max() ?? 0
        var candidates: [Int] = []
        var i = 0
        while i < n {
            var j = i  // plateau [i, j]
            while j + 1 < n && density[j + 1] == density[i] { j += 1 }
            let leftLower = i == 0 || density[i - 1] < density[i]
            let rightLower = j == n - 1 || density[j + 1] < density[i]
            if leftLower && rightLower && density[i] >= relativeHeight * top && density[i] > 0 {
                candidates.append((i + j) / 2)
            }
            i = j + 1
        }
        candidates.sort { density[$0] > density[$1] }
        var accepted: [Int] = []
        for candidate in candidates {
            let separated = accepted.allSatisfy { other in
                let range = min(candidate, other)...max(candidate, other)
                let valley = range.map { density[$0] }.min()!
                return valley < dip * density[candidate]
            }
            if separated { accepted.append(candidate) }
        }
        return accepted.map { grid[$0] }
    }
}
