import Glibc
public import Tensor

/// Simulation-based calibration (SBC) of the posterior intervals, and the inflation that fixes them.
///
/// For stacks with known truth, the rank `u = F(truth)` of a calibrated posterior is uniform on
/// [0, 1], and so is `|2u − 1|`, the smallest central-interval level covering the truth. For every
/// candidate inflation λ the posteriors are recomputed (cheap: the Mahalanobis terms are kept)
/// and λ is chosen to minimise the Kolmogorov–Smirnov distance of `|2u − 1|` from uniform;
/// if that λ leaves the 95 % coverage below 0.9, the smallest λ reaching 0.9 is taken instead.
/// Calibration never shrinks intervals (λ ≥ 1 is enforced) and ignores the Birge factor (the
/// stacks come from the model itself).
public enum Calibration {
    /// Simulates `design.count` stacks in parallel and calibrates `bank`'s posteriors on them.
    /// - Parameter measurement: the observation process applied to each cropped, strided stack
    ///   `[T, H, W]` after the design's blur and noise — e.g. a microscope followed by the
    ///   preprocessing real stacks get — so the intervals are calibrated for stacks that look like
    ///   the real ones; it draws its randomness from the generator it is given.
    public static func run(
        model: some ForwardModel, bank: SimulationBank, design: CalibrationDesign = CalibrationDesign(),
        options: InferenceOptions = InferenceOptions(),
        measurement: (@Sendable (_ frames: Tensor, _ generator: inout SplitMix64) throws -> Tensor)? = nil,
        progress: (@Sendable (BankProgress) -> Void)? = nil
    ) throws -> CalibrationReport {
        let start = ContinuousClock.now
        try SimulationBank.validate(design: bank.design, for: model)
        let bankDesign = bank.design
        let bankInterval = bank.frameInterval
        let cases = try ParallelRunner.map(count: design.count, progress: progress) { index in
            let seed = SplitMix64.derivedSeed(master: design.seed ^ 0xCA11_B8A7_E000_0000, index: UInt64(index))
            var generator = SplitMix64(seed: seed)
            let prior = bankDesign.prior
            let truth = prior.lowerBound + (prior.upperBound - prior.lowerBound) * Double(generator.next() >> 11) * 0x1p-53
            let parameters = bankDesign.parameters(value: truth, using: &generator)
            let frames = try model.simulate(parameters: parameters, seed: generator.next())
            guard frames.rank == 3 else { throw InferenceError.badSimulationShape(shape: frames.shape) }
            let crop = design.maximumCrop > 0 ? Int(generator.next() % UInt64(design.maximumCrop + 1)) : 0
            let strides = design.frameStride
            let stride = strides.lowerBound + Int(generator.next() % UInt64(strides.upperBound - strides.lowerBound + 1))
            var observed = observe(frames, crop: crop, stride: stride, keep: design.observedFrames,
                                   blur: design.blur, noise: design.pixelNoise, generator: &generator)
            if let measurement { observed = try measurement(observed, &generator) }
            let timing: ObservationTiming = design.unknownTimeScale.map { .unknown(scaleRange: $0) }
                ?? (stride == 1 ? .matchesBank : .known(frameInterval: Double(stride) * bankInterval))
            return CalibrationCase(truth: truth, frames: observed, timing: timing)
        }
        let report = try evaluate(bank: bank, cases: cases, design: design, options: options)
        return CalibrationReport(
            correction: report.correction, truths: report.truths, estimates: report.estimates, ranks: report.ranks,
            rankHistogram: report.rankHistogram, medianRelativeError: report.medianRelativeError,
            p90RelativeError: report.p90RelativeError, scan: report.scan, forwardRuns: cases.count,
            wallSeconds: (ContinuousClock.now - start).seconds)
    }

    /// Calibrates on given cases (no forward runs). Uses `design.inflationGrid` only.
    public static func evaluate(
        bank: SimulationBank, cases: [CalibrationCase], design: CalibrationDesign = CalibrationDesign(),
        options: InferenceOptions = InferenceOptions()
    ) throws -> CalibrationReport {
        let start = ContinuousClock.now
        guard !cases.isEmpty else { throw InferenceError.calibrationEmpty }
        let likelihood = try SyntheticLikelihood(bank: bank, options: options)
        let tables = try cases.map {
            try likelihood.refinedTable(observed: $0.summaries, timing: $0.timing, bankFrameInterval: bank.frameInterval, options: options)
        }
        let truths = cases.map(\.truth)
        func posteriors(_ inflation: Double) -> [Posterior1D] {
            tables.map { Posterior1D(grid: $0.grid, logDensity: $0.logPosterior(inflation: inflation).values) }
        }
        let grid = design.inflationGrid.filter { $0 >= 1 }.sorted()
        let candidates = grid.isEmpty ? [1.0] : grid
        var scan: [CalibrationReport.ScanPoint] = []
        for inflation in candidates {
            let ranks = zip(posteriors(inflation), truths).map { $0.cumulative(at: $1) }
            let levels = ranks.map { abs(2 * $0 - 1) }
            scan.append(.init(
                inflation: inflation, coverage68: coverage(levels, 0.68), coverage95: coverage(levels, 0.95),
                ksDistance: ksDistance(levels)))
        }
        var chosen = scan.min { $0.ksDistance < $1.ksDistance }!
        if chosen.coverage95 < 0.9, let guarded = scan.first(where: { $0.inflation > chosen.inflation && $0.coverage95 >= 0.9 }) {
            chosen = guarded
        }
        let final = posteriors(chosen.inflation)
        let ranks = zip(final, truths).map { $0.cumulative(at: $1) }
        var histogram = [Int](repeating: 0, count: 10)
        for rank in ranks { histogram[min(Int(rank * 10), 9)] += 1 }
        let estimates = final.map(\.mean)
        let errors = zip(estimates, truths).map { abs($0 - $1) / abs($1) }.sorted()
        let raw = scan.first { $0.inflation == candidates[0] }!
        let correction = CalibrationCorrection(
            inflation: chosen.inflation, stackCount: cases.count, rawCoverage68: raw.coverage68,
            rawCoverage95: raw.coverage95, coverage68: chosen.coverage68, coverage95: chosen.coverage95,
            rankUniformityPValue: kolmogorovPValue(distance: chosen.ksDistance, count: cases.count), bankLabel: bank.label)
        return CalibrationReport(
            correction: correction, truths: truths, estimates: estimates, ranks: ranks, rankHistogram: histogram,
            medianRelativeError: SummaryStatistics.percentile(errors, 0.5),
            p90RelativeError: SummaryStatistics.percentile(errors, 0.9), scan: scan, forwardRuns: 0,
            wallSeconds: (ContinuousClock.now - start).seconds)
    }

    /// Cuts, strides, truncates, blurs and noises a simulated stack `[T, H, W]`.
    static func observe(_ frames: Tensor, crop: Int, stride: Int, keep: Int?, blur: Double = 0, noise: Double,
                        generator: inout SplitMix64) -> Tensor {
        let (t, h, w) = (frames.shape[0], frames.shape[1], frames.shape[2])
        let source = GaussianBlur.blurred(frames, sigma: blur)
        var indices = Array(Swift.stride(from: min(crop, t - 1), to: t, by: stride))
        if let keep { indices = Array(indices.prefix(keep)) }
        var scalars = [Float]()
        scalars.reserveCapacity(indices.count * h * w)
        for index in indices {
            for p in 0..<(h * w) {
                var value = source.scalars[index * h * w + p]
                if noise > 0 { value += Float(noise) * generator.nextNormal() }
                scalars.append(min(max(value, 0), 1))
            }
        }
        return Tensor(shape: [indices.count, h, w], scalars: scalars)
    }

    /// Fraction of `levels` at or below `level`.
    static func coverage(_ levels: [Double], _ level: Double) -> Double {
        Double(levels.filter { $0 <= level }.count) / Double(levels.count)
    }

    /// Kolmogorov–Smirnov distance `sup |F_n(x) − x|` of samples in [0, 1] from the uniform law.
    static func ksDistance(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = Double(sorted.count)
        var distance = 0.0
        for (i, x) in sorted.enumerated() {
            distance = max(distance, Double(i + 1) / n - x, x - Double(i) / n)
        }
        return distance
    }

    /// Asymptotic KS p-value `Q(√n D (1 + 0.12/√n + 0.11/n))`, `Q(z) = 2 Σ (−1)^{k−1} e^{−2k²z²}`.
    static func kolmogorovPValue(distance: Double, count: Int) -> Double {
        let root = Double(count).squareRoot()
        let z = (root + 0.12 + 0.11 / root) * distance
        if z < 0.27 { return 1 }
        var sum = 0.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * z * z)
            sum += (k % 2 == 1 ? 1 : -1) * term
            if term < 1e-16 { break }
        }
        return min(max(2 * sum, 0), 1)
    }
}
