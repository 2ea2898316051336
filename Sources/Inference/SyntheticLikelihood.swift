import Glibc

/// The Gaussian synthetic likelihood of observed summaries, fitted once per bank.
///
/// For summary vector `y` (features at chosen observed frames), parameter `θ` on the posterior
/// grid and time warp `(s, c)`:
/// ```
/// log L(θ, s, c) = (−½ m − ½ log det Σ) / λ,   m = rᵀ Σ⁻¹ r,   r = y − A μ(θ)
/// Σ = D R_A D,   D = diag(A σ(θ)),   σ² = v(θ) + δ²
/// ```
/// - `μ(θ)`: local-quadratic emulator of every bank summary (frame × feature) over `θ`.
/// - `v(θ)`: kernel-weighted mean of squared leave-one-out residuals around `θ` — replicate
///   scatter (seed noise, nuisances drawn in the bank) plus the emulator's own error.
/// - `δ`: model discrepancy, also a floor. `λ`: calibration inflation (times the Birge factor
///   on a poor fit), applied as tempering.
/// - `R`: correlation of the standardised LOO residuals over all frames × features, shrunk to
///   the identity; `A` interpolates bank frames linearly at `s + c·j`, and `R_A = A R Aᵀ`
///   rescaled to unit diagonal.
struct SyntheticLikelihood: Sendable {
    /// Coarse posterior grid over the prior (`options.gridCount` nodes).
    let parameterGrid: [Double]
    let columns: [Int]
    let frameCount: Int
    /// Components per bank frame (`columns.count`).
    var width: Int { columns.count }
    /// Bank summaries `[run][frame * width + column]`.
    let data: [[Double]]
    /// Squared leave-one-out residuals, same layout.
    let squaredResiduals: [[Double]]
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
    /// Root-mean-square of the standardised LOO residuals at the chosen bandwidth.
    let looScore: Double

    init(bank: SimulationBank, options: InferenceOptions) throws {
        let nodes = bank.runs.map(\.value)
        let distinct = Set(nodes).count
        guard distinct >= 4 else { throw InferenceError.bankTooSmall(nodes: distinct) }
        let allFeatures = bank.runs[0].summaries.features
        let columns = options.features.map { feature in
            guard let index = allFeatures.firstIndex(of: feature) else { preconditionFailure("bank lacks feature \(feature)") }
            return index
        }
        let frameCount = bank.frameCount
        self.columns = columns
        self.frameCount = frameCount
        let width = columns.count
        let components = frameCount * width
        let runCount = bank.runs.count
        // Data matrix Y [run][frame * width + column].
        let data: [[Double]] = bank.runs.map { run in
            var row = [Double](repeating: 0, count: components)
            for frame in 0..<frameCount {
                for (c, column) in columns.enumerated() { row[frame * width + c] = run.summaries.value(frame: frame, column: column) }
            }
            return row
        }
        let prior = bank.design.prior
        let spacing = (prior.upperBound - prior.lowerBound) / Double(max(distinct - 1, 1))
        // Per-component spread for scoring the bandwidths.
        var spread = [Double](repeating: 0, count: components)
        for c in 0..<components {
            let mean = data.reduce(0) { $0 + $1[c] } / Double(runCount)
            spread[c] = data.reduce(0) { $0 + ($1[c] - mean) * ($1[c] - mean) } / Double(runCount) + options.modelDiscrepancy * options.modelDiscrepancy
        }
        func looResiduals(_ emulator: LocalQuadraticEmulator) -> [[Double]] {
            (0..<runCount).map { r in
                let w = emulator.weights(at: nodes[r], excluding: r)
                var residual = data[r]
                for (q, weight) in w.enumerated() where weight != 0 {
                    for c in 0..<components { residual[c] -= weight * data[q][c] }
                }
                return residual
            }
        }
        var best: (score: Double, bandwidth: Double, residuals: [[Double]])?
        for factor in options.bandwidthFactors {
            let emulator = LocalQuadraticEmulator(nodes: nodes, bandwidth: factor * spacing)
            let residuals = looResiduals(emulator)
            var score = 0.0
            for row in residuals { for c in 0..<components { score += row[c] * row[c] / spread[c] } }
            if best == nil || score < best!.score { best = (score, factor * spacing, residuals) }
        }
        let chosen = best!
        let bandwidth = chosen.bandwidth
        self.bandwidth = bandwidth
        looScore = (chosen.score / Double(runCount * components)).squareRoot()
        self.data = data
        self.nodes = nodes
        let squaredResiduals = chosen.residuals.map { $0.map { $0 * $0 } }
        let discrepancyVariance = options.modelDiscrepancy * options.modelDiscrepancy
        self.squaredResiduals = squaredResiduals
        self.varianceBandwidth = 1.5 * bandwidth
        self.discrepancyVariance = discrepancyVariance
        parameterGrid = (0..<options.gridCount).map {
            prior.lowerBound + (prior.upperBound - prior.lowerBound) * Double($0) / Double(options.gridCount - 1)
        }
        // Correlation of standardised residuals.
        var correlation = [Double](repeating: 0, count: components * components)
        for (r, residual) in chosen.residuals.enumerated() {
            let deviation = Self.localDeviation(
                at: nodes[r], nodes: nodes, squaredResiduals: squaredResiduals, bandwidth: 1.5 * bandwidth,
                discrepancyVariance: discrepancyVariance)
            let z = (0..<components).map { residual[$0] / deviation[$0] }
            for i in 0..<components where z[i] != 0 {
                for j in 0..<components { correlation[i * components + j] += z[i] * z[j] }
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
        self.correlation = correlation
    }

    /// Local standard deviations `sqrt(v(x) + δ²)` of every bank component at parameter `x`.
    func localDeviation(at x: Double) -> [Double] {
        Self.localDeviation(at: x, nodes: nodes, squaredResiduals: squaredResiduals, bandwidth: varianceBandwidth,
                            discrepancyVariance: discrepancyVariance)
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

    /// Emulated mean and standard deviation of every bank component at parameter `x`.
    func emulate(at x: Double) -> (mean: [Double], deviation: [Double]) {
        let w = LocalQuadraticEmulator(nodes: nodes, bandwidth: bandwidth).weights(at: x)
        var mean = [Double](repeating: 0, count: data[0].count)
        for (q, weight) in w.enumerated() where abs(weight) > 1e-14 {
            for c in 0..<mean.count { mean[c] += weight * data[q][c] }
        }
        return (mean, localDeviation(at: x))
    }
}
