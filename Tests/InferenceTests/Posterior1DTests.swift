import Glibc
import Inference
import Testing

struct Posterior1DTests {
    /// A skewed, piecewise-linear-on-the-grid test density (Gamma-like) on [0, 10].
    static let grid = (0...200).map { Double($0) * 0.05 }
    static let values = grid.map { $0 * $0 * exp(-$0) }

    /// Reference CDF by brute force: the same piecewise-linear density integrated with 400
    /// midpoint sub-steps per cell.
    static func referenceCDF(_ x: Double) -> Double {
        var total = 0.0, mass = 0.0
        for i in 0..<(grid.count - 1) {
            let steps = 400
            let width = (grid[i + 1] - grid[i]) / Double(steps)
            for s in 0..<steps {
                let u = (Double(s) + 0.5) / Double(steps)
                let p = (1 - u) * values[i] + u * values[i + 1]
                mass += p * width
                if grid[i] + (Double(s) + 0.5) * width <= x { total += p * width }
            }
        }
        return total / mass
    }

    @Test func quantilesInvertTheNumericCDF() {
        let posterior = Posterior1D(grid: Self.grid, unnormalised: Self.values)
        for q in [0.025, 0.16, 0.5, 0.84, 0.975] {
            let x = posterior.quantile(q)
            #expect(abs(Self.referenceCDF(x) - q) < 2e-4, "q \(q): F(\(x)) = \(Self.referenceCDF(x))")
            #expect(abs(posterior.cumulative(at: x) - q) < 1e-12)
        }
        let interval = posterior.interval(level: 0.95)
        #expect(abs(interval.lowerBound - posterior.quantile(0.025)) < 1e-12)
    }

    @Test func momentsMatchDirectIntegration() {
        // Reference: midpoint sums of x·p and x²·p with 400 sub-steps per cell of the same
        // piecewise-linear density (error O((Δ/400)²) ≈ 1e-8).
        var mass = 0.0, first = 0.0, second = 0.0
        for i in 0..<(Self.grid.count - 1) {
            let width = (Self.grid[i + 1] - Self.grid[i]) / 400
            for s in 0..<400 {
                let u = (Double(s) + 0.5) / 400
                let x = Self.grid[i] + (Double(s) + 0.5) * width
                let p = ((1 - u) * Self.values[i] + u * Self.values[i + 1]) * width
                mass += p; first += x * p; second += x * x * p
            }
        }
        let mean = first / mass, sd = (second / mass - mean * mean).squareRoot()
        let posterior = Posterior1D(grid: Self.grid, unnormalised: Self.values)
        #expect(abs(posterior.mean - mean) < 1e-6)
        #expect(abs(posterior.standardDeviation - sd) < 1e-6)
        // Gamma(3, 1) truncated at 10 has its mode at 2 (a grid node).
        #expect(abs(posterior.mode - 2) < 1e-9)
    }

    @Test func samplesFollowTheDensity() {
        let posterior = Posterior1D(grid: Self.grid, unnormalised: Self.values)
        let samples = posterior.samples(count: 20_000, seed: 3)
        let mean = samples.reduce(0, +) / Double(samples.count)
        #expect(abs(mean - posterior.mean) < 0.05)  // sd/√n = 0.012; 4σ
        let below = Double(samples.filter { $0 <= posterior.quantile(0.84) }.count) / Double(samples.count)
        #expect(abs(below - 0.84) < 0.012)
    }

    @Test func countsSeparatedModes() {
        let grid = (0...400).map { Double($0) * 0.025 }
        let bimodal = grid.map { exp(-0.5 * pow(($0 - 3) / 0.5, 2)) + 0.6 * exp(-0.5 * pow(($0 - 7) / 0.5, 2)) }
        let unimodal = grid.map { exp(-0.5 * pow(($0 - 5) / 1.0, 2)) }
        #expect(Posterior1D(grid: grid, unnormalised: bimodal).modes().count == 2)
        #expect(Posterior1D(grid: grid, unnormalised: unimodal).modes().count == 1)
    }
}
