import Glibc

/// Mahalanobis terms of one observed stack for every (grid value, time warp) pair, so that the
/// posterior for any covariance inflation `λ` is a cheap re-weighting (used by calibration).
struct LikelihoodTable: Sendable {
    /// One nuisance setting: observed frame `j` ↔ bank frame `shift + scale·j`, observation blur
    /// `blur` (pixels), with its log prior weight.
    struct Warp: Sendable {
        let shift: Double
        let scale: Double
        let blur: Double
        let logWeight: Double
    }

    /// Parameter values evaluated (increasing).
    let grid: [Double]
    let warps: [Warp]
    /// Observed frames compared.
    let timePoints: [Int]
    /// Observed summary vector, `[timePoint * width + column]`.
    let observed: [Double]
    /// `m = rᵀ Σ⁻¹ r` at λ = 1, `[grid * warps.count + warp]`.
    let quadratic: [Double]
    /// `log det Σ` at λ = 1, same layout.
    let logDeterminant: [Double]
    /// Summary dimension `d`.
    let dimension: Int
    /// Number of free nuisance dimensions (time shift, time scale) for the degrees of freedom.
    let freeNuisances: Int

    /// Unnormalised log posterior on the grid and the best (grid, warp) pair, with the whole
    /// log-likelihood (quadratic and determinant terms) divided by `inflation × temperature`.
    /// For a covariance that does not depend on the parameter this is exactly a covariance
    /// inflation; unlike one, it cannot let the `log det Σ(θ)` term take over when λ is large.
    func logPosterior(inflation: Double, temperature: Double = 1) -> (values: [Double], bestGrid: Int, bestWarp: Int, warpLogMarginal: [Double]) {
        let gridCount = quadratic.count / warps.count
        var values = [Double](repeating: -.infinity, count: gridCount)
        var warpLog = [Double](repeating: -.infinity, count: warps.count)
        var best = (value: -Double.infinity, grid: 0, warp: 0)
        for g in 0..<gridCount {
            var top = -Double.infinity
            var terms = [Double](repeating: 0, count: warps.count)
            for w in 0..<warps.count {
                let index = g * warps.count + w
                let value = (-0.5 * quadratic[index] - 0.5 * logDeterminant[index]) / (inflation * temperature) + warps[w].logWeight
                terms[w] = value
                top = max(top, value)
                if value > best.value { best = (value, g, w) }
            }
            var sum = 0.0
            for w in 0..<warps.count {
                sum += exp(terms[w] - top)
                warpLog[w] = Self.logAdd(warpLog[w], terms[w])
            }
            values[g] = top + log(sum)
        }
        return (values, best.grid, best.warp, warpLog)
    }

    /// This table and `other` (same observation and warps) combined over the union of their grids.
    func merged(with other: LikelihoodTable) -> LikelihoodTable {
        precondition(warps.count == other.warps.count && observed == other.observed, "merged: different observations")
        var rows = grid.indices.map { (grid[$0], self, $0) } + other.grid.indices.map { (other.grid[$0], other, $0) }
        rows.sort { $0.0 < $1.0 }
        var kept: [(Double, LikelihoodTable, Int)] = []
        for row in rows where kept.last.map({ row.0 - $0.0 > 1e-12 }) ?? true { kept.append(row) }
        let n = warps.count
        return LikelihoodTable(
            grid: kept.map(\.0), warps: warps, timePoints: timePoints, observed: observed,
            quadratic: kept.flatMap { $0.1.quadratic[($0.2 * n)..<(($0.2 + 1) * n)] },
            logDeterminant: kept.flatMap { $0.1.logDeterminant[($0.2 * n)..<(($0.2 + 1) * n)] },
            dimension: dimension, freeNuisances: freeNuisances)
    }

    static func logAdd(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        return max(a, b) + log1p(exp(-abs(a - b)))
    }
}

/// The time part of a warp, which alone determines the warped correlation.
struct TimeWarpKey: Hashable {
    let shift: Double
    let scale: Double
}

extension SyntheticLikelihood {
    /// The time warps allowed by `timing` and `options` that keep every compared frame inside the
    /// bank's time span.
    func warps(observedFrames: Int, timePoints: [Int], timing: ObservationTiming, bankFrameInterval: Double,
               options: InferenceOptions) throws -> (warps: [LikelihoodTable.Warp], free: Int) {
        let scales: [Double]
        var free = options.maximumTimeShift > 0 ? 1 : 0
        switch timing {
        case .matchesBank: scales = [1]
        case .known(let interval): scales = [interval / bankFrameInterval]
        case .unknown(let range):
            let steps = max(options.scaleSteps, 2)
            let (a, b) = (log(range.lowerBound), log(range.upperBound))
            scales = (0..<steps).map { exp(a + (b - a) * Double($0) / Double(steps - 1)) }
            free += 1
        }
        let shiftCount = options.maximumTimeShift > 0 ? Int((options.maximumTimeShift / options.shiftStep).rounded()) + 1 : 1
        let shifts = (0..<shiftCount).map { Double($0) * options.shiftStep }
        let lastPoint = Double(timePoints.last ?? 0)
        let maximumBlur = blurLevels[blurLevels.count - 1]
        let blurs = maximumBlur > 0
            ? (0..<max(options.blurSteps, 2)).map { maximumBlur * Double($0) / Double(max(options.blurSteps, 2) - 1) } : [0]
        if maximumBlur > 0 { free += 1 }
        var result: [LikelihoodTable.Warp] = []
        for scale in scales {
            for shift in shifts where shift + scale * lastPoint <= Double(frameCount - 1) + 1e-9 {
                for blur in blurs { result.append(.init(shift: shift, scale: scale, blur: blur, logWeight: 0)) }
            }
        }
        guard !result.isEmpty else {
            throw InferenceError.observationLongerThanBank(observedFrames: observedFrames, bankFrames: frameCount)
        }
        let logWeight = -log(Double(result.count))
        return (result.map { .init(shift: $0.shift, scale: $0.scale, blur: $0.blur, logWeight: logWeight) }, free)
    }

    /// Observed frame indices compared: `count` evenly spaced over `0...frames−1`.
    static func timePoints(frames: Int, count: Int) -> [Int] {
        let n = min(count, frames)
        if n <= 1 { return [0] }
        return (0..<n).map { Int((Double($0) * Double(frames - 1) / Double(n - 1)).rounded()) }
    }

    /// Interpolation of bank frames at `shift + scale·j` for each time point: lower index, weight.
    func interpolation(for warp: LikelihoodTable.Warp, timePoints: [Int]) -> [(lower: Int, weight: Double)] {
        timePoints.map { SummarySeries.bracket(time: min(warp.shift + warp.scale * Double($0), Double(frameCount - 1)), frameCount: frameCount) }
    }

    /// Predicted summary vector and its standard deviations at parameter `x` under `warp`.
    func prediction(at x: Double, warp: LikelihoodTable.Warp, timePoints: [Int]) -> (mean: [Double], deviation: [Double]) {
        prediction(emulated: emulate(at: x, blur: warp.blur), warp: warp, timePoints: timePoints)
    }

    /// Interpolates emulated bank-frame means and deviations to the warped time points.
    func prediction(emulated: (mean: [Double], deviation: [Double]), warp: LikelihoodTable.Warp,
                    timePoints: [Int]) -> (mean: [Double], deviation: [Double]) {
        let (means, deviations) = emulated
        let brackets = interpolation(for: warp, timePoints: timePoints)
        var mean = [Double](), deviation = [Double]()
        for (lower, weight) in brackets {
            let upper = min(lower + 1, frameCount - 1)
            for c in 0..<width {
                mean.append((1 - weight) * means[lower * width + c] + weight * means[upper * width + c])
                deviation.append((1 - weight) * deviations[lower * width + c] + weight * deviations[upper * width + c])
            }
        }
        return (mean, deviation)
    }

    /// The table on the coarse grid, merged with `options.refinedGridCount` nodes spread over the
    /// region where the coarse log posterior (λ = 1) is within `windowDrop` of its maximum
    /// (plus one coarse cell each side), so that sharp posteriors are resolved.
    func refinedTable(observed series: SummarySeries, timing: ObservationTiming, bankFrameInterval: Double,
                      options: InferenceOptions, windowDrop: Double = 60) throws -> LikelihoodTable {
        var factors: [TimeWarpKey: (lower: [Double], logDeterminant: Double)] = [:]
        let coarse = try table(observed: series, timing: timing, bankFrameInterval: bankFrameInterval,
                               options: options, grid: parameterGrid, factors: &factors)
        guard options.refinedGridCount >= 2 else { return coarse }
        let values = coarse.logPosterior(inflation: 1).values
        let top = values.max() ?? 0
        let inside = values.indices.filter { values[$0] >= top - windowDrop }
        let low = coarse.grid[max((inside.first ?? 0) - 1, 0)]
        let high = coarse.grid[min((inside.last ?? coarse.grid.count - 1) + 1, coarse.grid.count - 1)]
        let count = options.refinedGridCount
        let fine = (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
        let refined = try table(observed: series, timing: timing, bankFrameInterval: bankFrameInterval,
                                options: options, grid: fine, factors: &factors)
        return coarse.merged(with: refined)
    }

    /// Cholesky factor of the warped correlation `A R Aᵀ` (unit diagonal) for `warp`.
    func warpedCorrelationFactor(warp: LikelihoodTable.Warp, timePoints points: [Int]) -> [Double] {
        let brackets = interpolation(for: warp, timePoints: points)
        let d = points.count * width
        let components = frameCount * width
        var index = 0
        var taps = [[(Int, Double)]](repeating: [], count: d)
        for (lower, weight) in brackets {
            let upper = min(lower + 1, frameCount - 1)
            for c in 0..<width {
                taps[index] = [(lower * width + c, 1 - weight), (upper * width + c, weight)]
                index += 1
            }
        }
        var warped = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var sum = 0.0
                for (a, wa) in taps[i] where wa != 0 {
                    for (b, wb) in taps[j] where wb != 0 { sum += wa * wb * correlation[a * components + b] }
                }
                warped[i * d + j] = sum
                warped[j * d + i] = sum
            }
        }
        let scale = (0..<d).map { warped[$0 * d + $0].squareRoot() }
        for i in 0..<d { for j in 0..<d { warped[i * d + j] /= scale[i] * scale[j] } }
        var lower = DenseAlgebra.cholesky(warped, n: d)
        var jitter = 1e-8
        while lower == nil && jitter < 1 {
            for i in 0..<d { warped[i * d + i] += jitter }
            lower = DenseAlgebra.cholesky(warped, n: d)
            jitter *= 10
        }
        return lower!
    }

    /// `(y − mean)ᵀ Σ⁻¹ (y − mean)` with `Σ = D R_A D`, `D = diag(deviation)`.
    func mahalanobis(_ y: [Double], mean: [Double], deviation: [Double], warp: LikelihoodTable.Warp,
                     timePoints points: [Int]) -> Double {
        let factor = warpedCorrelationFactor(warp: warp, timePoints: points)
        let residual = (0..<y.count).map { (y[$0] - mean[$0]) / deviation[$0] }
        var scratch = [Double](repeating: 0, count: y.count)
        return factor.withUnsafeBufferPointer { l in
            residual.withUnsafeBufferPointer { r in
                scratch.withUnsafeMutableBufferPointer { DenseAlgebra.whitenedSquaredNorm(lower: l, n: y.count, r, scratch: $0) }
            }
        }
    }

    /// Evaluates every (grid value, warp) pair for one observed stack's summaries.
    /// `factors` caches the warped-correlation Cholesky factors per (shift, scale): they do not
    /// depend on the parameter or the blur.
    func table(observed series: SummarySeries, timing: ObservationTiming, bankFrameInterval: Double,
               options: InferenceOptions, grid: [Double],
               factors: inout [TimeWarpKey: (lower: [Double], logDeterminant: Double)]) throws -> LikelihoodTable {
        let levels = grid.map(emulateLevels(at:))
        let points = Self.timePoints(frames: series.frameCount, count: options.timePoints)
        let (warps, free) = try warps(observedFrames: series.frameCount, timePoints: points, timing: timing,
                                      bankFrameInterval: bankFrameInterval, options: options)
        var observed = [Double]()
        for j in points { for column in columns { observed.append(series.value(frame: j, column: column)) } }
        let d = observed.count
        let gridCount = grid.count
        var blended: [Double: [(mean: [Double], deviation: [Double])]] = [:]
        for blur in Set(warps.map(\.blur)) { blended[blur] = levels.map { atBlur($0, blur: blur) } }
        // Cholesky factors of the warped correlation, one per distinct (shift, scale), in parallel.
        var missing: [TimeWarpKey] = []
        for warp in warps {
            let key = TimeWarpKey(shift: warp.shift, scale: warp.scale)
            if factors[key] == nil && !missing.contains(key) { missing.append(key) }
        }
        let keys = missing
        let computed = try ParallelRunner.map(count: keys.count, progress: nil) { index in
            let warp = LikelihoodTable.Warp(shift: keys[index].shift, scale: keys[index].scale, blur: 0, logWeight: 0)
            let lower = warpedCorrelationFactor(warp: warp, timePoints: points)
            return (lower: lower, logDeterminant: DenseAlgebra.logDeterminant(lower: lower, n: d))
        }
        for (key, value) in zip(missing, computed) { factors[key] = value }
        let cached = factors, emulations = blended, observation = observed
        let width = self.width, frameCount = self.frameCount
        // Every warp's column of the table, in parallel over warps.
        let columns = try ParallelRunner.map(count: warps.count, progress: nil) { w in
            let warp = warps[w]
            let emulated = emulations[warp.blur]!
            let (factor, logDetR) = cached[TimeWarpKey(shift: warp.shift, scale: warp.scale)]!
            let brackets = interpolation(for: warp, timePoints: points)
            var quadratic = [Double](repeating: 0, count: gridCount)
            var logDeterminant = quadratic
            var scratch = [Double](repeating: 0, count: d)
            var residual = [Double](repeating: 0, count: d)
            factor.withUnsafeBufferPointer { l in
                for g in 0..<gridCount {
                    let (mean, deviation) = emulated[g]
                    var logDetD = 0.0
                    var i = 0
                    for (lower, weight) in brackets {
                        let upper = min(lower + 1, frameCount - 1)
                        for c in 0..<width {
                            let mu = (1 - weight) * mean[lower * width + c] + weight * mean[upper * width + c]
                            let sigma = (1 - weight) * deviation[lower * width + c] + weight * deviation[upper * width + c]
                            residual[i] = (observation[i] - mu) / sigma
                            logDetD += 2 * log(sigma)
                            i += 1
                        }
                    }
                    quadratic[g] = residual.withUnsafeBufferPointer { r in
                        scratch.withUnsafeMutableBufferPointer { s in
                            DenseAlgebra.whitenedSquaredNorm(lower: l, n: d, r, scratch: s)
                        }
                    }
                    logDeterminant[g] = logDetD + logDetR
                }
            }
            return (quadratic, logDeterminant)
        }
        var quadratic = [Double](repeating: 0, count: gridCount * warps.count)
        var logDeterminant = quadratic
        for (w, column) in columns.enumerated() {
            for g in 0..<gridCount {
                quadratic[g * warps.count + w] = column.0[g]
                logDeterminant[g * warps.count + w] = column.1[g]
            }
        }
        return LikelihoodTable(grid: grid, warps: warps, timePoints: points, observed: observed, quadratic: quadratic,
                               logDeterminant: logDeterminant, dimension: d, freeNuisances: free)
    }
}
