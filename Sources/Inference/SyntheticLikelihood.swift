import Glibc

/// The Gaussian synthetic likelihood of observed summaries, fitted once per bank.
///
/// For summary vector `y` (features at chosen observed frames), parameter `θ` on the posterior
/// grid, time warp `(s, c)` and observation blur `b`:
/// ```
/// log L(θ, s, c, b) = (−½ m − ½ log det Σ) / λ,   m = rᵀ Σ⁻¹ r,   r = y − A μ(θ, b)
/// Σ = D R_A D,   D = diag(A σ(θ, b)),   σ² = v(θ, b) + δ²
/// ```
/// - `μ(θ, ℓ)`: local-quadratic emulator over `θ` of every bank summary (frame × feature) at
///   blur level `ℓ`; between levels `μ` and `σ` are interpolated linearly in `b`.
/// - `v(θ, ℓ)`: kernel-weighted mean of squared leave-one-out residuals around `θ` — replicate
///   scatter (seed noise, nuisances drawn in the bank) plus the emulator's own error.
/// - `δ`: model discrepancy, also a floor. `λ`: calibration inflation (times the Birge factor
///   on a poor fit), applied as tempering.
/// - `R`: correlation of the standardised LOO residuals over all frames × features, pooled over
///   blur levels, shrunk to the identity; `A` interpolates bank frames linearly at `s + c·j`, and
///   `R_A = A R Aᵀ` is rescaled to unit diagonal.
struct SyntheticLikelihood: Sendable {
    /// Coarse posterior grid over the prior (`options.gridCount` nodes).
    let parameterGrid: [Double]
    let columns: [Int]
    let frameCount: Int
    /// Components per bank frame (`columns.count`).
    var width: Int { columns.count }
    /// Blur σ of each level (pixels).
    let blurLevels: [Double]
    /// Bank summaries `[level][run][frame * width + column]`.
    let data: [[[Double]]]
    /// Squared leave-one-out residuals, same layout.
    let squaredResiduals: [[[Double]]]
    /// Parameter value of each run.
    let nodes: [Double]
    /// Bandwidth of the local variance kernel.
    let varianceBandwidth: Double
    /// `δ²`.
    let discrepancyVariance: Double
    /// Shrunk residual correlation, `(frameCount·width)²`, row-major.
    let correlation: [Double]
    /// Emulator bandwidth chosen by leave-one-out.
    let bandwidth: Double

    init(bank: SimulationBank, options: InferenceOptions) throws {
        let nodes = bank.runs.map(\.value)
        let distinct = Set(nodes).count
        guard distinct >= 4 else { throw InferenceError.bankTooSmall(nodes: distinct) }
        let allFeatures = bank.runs[0].summaries[0].features
        let columns = options.features.map { feature in
            guard let index = allFeatures.firstIndex(of: feature) else { preconditionFailure("bank lacks feature \(feature)") }
            return index
        }
        let frameCount = bank.frameCount
        let width = columns.count
        let components = frameCount * width
        let runCount = bank.runs.count
        let levels = bank.design.blurLevels.count
        let data: [[[Double]]] = (0..<levels).map { level in
            bank.runs.map { run in
                var row = [Double](repeating: 0, count: components)
                let series = run.summaries[level]
                for frame in 0..<frameCount {
                    for (c, column) in columns.enumerated() { row[frame * width + c] = series.value(frame: frame, column: column) }
                }
                return row
            }
        }
        let prior = bank.design.prior
        let spacing = (prior.upperBound - prior.lowerBound) / Double(max(distinct - 1, 1))
        let discrepancyVariance = options.modelDiscrepancy * options.modelDiscrepancy
        // Per-component spread (level 0) for scoring the bandwidths.
        var spread = [Double](repeating: 0, count: components)
        for c in 0..<components {
            let mean = data[0].reduce(0) { $0 + $1[c] } / Double(runCount)
            spread[c] = data[0].reduce(0) { $0 + ($1[c] - mean) * ($1[c] - mean) } / Double(runCount) + discrepancyVariance
        }
        func looResiduals(_ emulator: LocalQuadraticEmulator, level: Int) -> [[Double]] {
            (0..<runCount).map { r in
                let w = emulator.weights(at: nodes[r], excluding: r)
                var residual = data[level][r]
                for (q, weight) in w.enumerated() where weight != 0 {
                    for c in 0..<components { residual[c] -= weight * data[level][q][c] }
                }
                return residual
            }
        }
        var best: (score: Double, bandwidth: Double)?
        for factor in options.bandwidthFactors {
            let residuals = looResiduals(LocalQuadraticEmulator(nodes: nodes, bandwidth: factor * spacing), level: 0)
            var score = 0.0
            for row in residuals { for c in 0..<components { score += row[c] * row[c] / spread[c] } }
            if best == nil || score < best!.score { best = (score, factor * spacing) }
        }
        let bandwidth = best!.bandwidth
        let emulator = LocalQuadraticEmulator(nodes: nodes, bandwidth: bandwidth)
        let residuals = (0..<levels).map { looResiduals(emulator, level: $0) }
        let squaredResiduals = residuals.map { $0.map { $0.map { $0 * $0 } } }
        let varianceBandwidth = 1.5 * bandwidth
        // Correlation of standardised residuals, pooled over runs and blur levels.
        var correlation = [Double](repeating: 0, count: components * components)
        for level in 0..<levels {
            for (r, residual) in residuals[level].enumerated() {
                let deviation = Self.localDeviation(
                    at: nodes[r], nodes: nodes, squaredResiduals: squaredResiduals[level], bandwidth: varianceBandwidth,
                    discrepancyVariance: discrepancyVariance)
                let z = (0..<components).map { residual[$0] / deviation[$0] }
                for i in 0..<components where z[i] != 0 {
                    for j in 0..<components { correlation[i * components + j] += z[i] * z[j] }
                }
            }
        }
        let diagonal = (0..<components).map { max(correlation[$0 * components + $0], 1e-300).squareRoot() }
        let alpha = options.correlationShrinkage
        for i in 0..<components {
            for j in 0..<components {
                let raw = correlation[i * components + j] / (diagonal[i] * diagonal[j])
                correlation[i * components + j] = (1 - alpha) * raw + (i == j ? alpha : 0)
            }
        }
        self.columns = columns
        self.frameCount = frameCount
        self.blurLevels = bank.design.blurLevels
        self.data = data
        self.nodes = nodes
        self.squaredResiduals = squaredResiduals
        self.varianceBandwidth = varianceBandwidth
        self.discrepancyVariance = discrepancyVariance
        self.correlation = correlation
        self.bandwidth = bandwidth
        parameterGrid = (0..<options.gridCount).map {
            prior.lowerBound + (prior.upperBound - prior.lowerBound) * Double($0) / Double(options.gridCount - 1)
        }
    }

    /// `sqrt(Σ_r k_r e_r² / Σ_r k_r + δ²)` with a Gaussian kernel of `bandwidth` around `x`.
    static func localDeviation(at x: Double, nodes: [Double], squaredResiduals: [[Double]], bandwidth: Double,
                               discrepancyVariance: Double) -> [Double] {
        let components = squaredResiduals[0].count
        var total = [Double](repeating: 0, count: components)
        var weightSum = 0.0
        for (r, node) in nodes.enumerated() {
            let k = exp(-0.5 * ((node - x) / bandwidth) * ((node - x) / bandwidth))
            weightSum += k
            for c in 0..<components { total[c] += k * squaredResiduals[r][c] }
        }
        return total.map { ($0 / weightSum + discrepancyVariance).squareRoot() }
    }

    /// Emulated mean and standard deviation of every bank component at parameter `x`, one pair
    /// per blur level.
    func emulateLevels(at x: Double) -> [(mean: [Double], deviation: [Double])] {
        let w = LocalQuadraticEmulator(nodes: nodes, bandwidth: bandwidth).weights(at: x)
        return data.indices.map { level in
            var mean = [Double](repeating: 0, count: data[level][0].count)
            for (q, weight) in w.enumerated() where abs(weight) > 1e-14 {
                for c in 0..<mean.count { mean[c] += weight * data[level][q][c] }
            }
            let deviation = Self.localDeviation(
                at: x, nodes: nodes, squaredResiduals: squaredResiduals[level], bandwidth: varianceBandwidth,
                discrepancyVariance: discrepancyVariance)
            return (mean, deviation)
        }
    }

    /// Mean and deviation at blur `blur`, interpolated between the levels of `levels` linearly in
    /// `σ²` (a blur's effect on smooth summaries grows with its variance).
    func atBlur(_ levels: [(mean: [Double], deviation: [Double])], blur: Double) -> (mean: [Double], deviation: [Double]) {
        guard levels.count > 1 else { return levels[0] }
        let clamped = min(max(blur, blurLevels[0]), blurLevels[blurLevels.count - 1])
        var upper = 1
        while upper < blurLevels.count - 1 && blurLevels[upper] < clamped { upper += 1 }
        let (low, high) = (blurLevels[upper - 1], blurLevels[upper])
        let weight = (clamped * clamped - low * low) / (high * high - low * low)
        if weight == 0 { return levels[upper - 1] }
        let (a, b) = (levels[upper - 1], levels[upper])
        return (zip(a.mean, b.mean).map { (1 - weight) * $0 + weight * $1 },
                zip(a.deviation, b.deviation).map { (1 - weight) * $0 + weight * $1 })
    }

    /// Emulated mean and standard deviation of every bank component at `(x, blur)`.
    func emulate(at x: Double, blur: Double = 0) -> (mean: [Double], deviation: [Double]) {
        atBlur(emulateLevels(at: x), blur: blur)
    }
}
