public import Tensor
import Glibc

/// Estimates the bank's parameter from an observed stack by Gaussian synthetic likelihood.
///
/// ```swift
/// let bank = try SimulationBank.build(model: model, design: BankDesign(prior: 0.8...2.4, count: 20, replicates: 4))
/// let result = try Inferencer(bank: bank, correction: calibration.correction).infer(observed: frames, timing: .matchesBank)
/// ```
/// Steps: summaries of the observed frames (``SummaryStatistics``) at `timePoints` evenly spaced
/// frames; the ``SyntheticLikelihood`` for every parameter on a `gridCount` grid and every
/// allowed time warp (shift, scale); the time warps are summed out (uniform prior on the shift,
/// log-uniform on the scale) and the prior on the parameter is uniform over the bank's range.
/// Construction fits the emulator once (milliseconds to seconds); each `infer` call is cheap.
public struct Inferencer: Sendable {
    /// The bank the likelihood is built from.
    public let bank: SimulationBank
    /// Calibration applied to every estimate (nil = inflation 1).
    public let correction: CalibrationCorrection?
    /// Tuning.
    public let options: InferenceOptions
    let likelihood: SyntheticLikelihood

    /// Fits the emulator and covariance to `bank`.
    /// - Throws: ``InferenceError/bankTooSmall(nodes:)``.
    public init(bank: SimulationBank, correction: CalibrationCorrection? = nil, options: InferenceOptions = InferenceOptions()) throws {
        self.bank = bank
        self.correction = correction
        self.options = options
        self.likelihood = try SyntheticLikelihood(bank: bank, options: options)
    }

    /// Posterior of the parameter for observed frames `[T, H, W]` in `[0, 1]`, solid = 1.
    /// - Throws: ``InferenceError/badObservation(shape:minimumFrames:)`` for a non-stack or fewer
    ///   than 3 frames; ``InferenceError/observationLongerThanBank(observedFrames:bankFrames:)``.
    public func infer(observed frames: Tensor, timing: ObservationTiming = .matchesBank) throws -> InferenceResult {
        guard frames.rank == 3, frames.shape[0] >= 3, frames.shape[1] >= 4, frames.shape[2] >= 4 else {
            throw InferenceError.badObservation(shape: frames.shape, minimumFrames: 3)
        }
        return try infer(observedSummaries: SummaryStatistics.series(of: frames), timing: timing)
    }

    /// Posterior from precomputed observed summaries (e.g. cached by `Workflows`).
    public func infer(observedSummaries: SummarySeries, timing: ObservationTiming = .matchesBank) throws -> InferenceResult {
        let start = ContinuousClock.now
        guard observedSummaries.frameCount >= 3 else {
            throw InferenceError.badObservation(shape: [observedSummaries.frameCount], minimumFrames: 3)
        }
        let table = try likelihood.refinedTable(observed: observedSummaries, timing: timing,
                                         bankFrameInterval: bank.frameInterval, options: options)
        return result(from: table, timing: timing, start: start)
    }

    /// Builds the result from a likelihood table with the calibration inflation (and a Birge
    /// factor if the fit is poor).
    func result(from table: LikelihoodTable, timing: ObservationTiming, start: ContinuousClock.Instant) -> InferenceResult {
        let calibration = correction?.inflation ?? 1
        var pass = table.logPosterior(inflation: calibration)
        let warpCount = table.warps.count
        let chiSquare = table.quadratic[pass.bestGrid * warpCount + pass.bestWarp] / calibration
        let dof = max(table.dimension - 1 - table.freeNuisances, 1)
        let pValue = ChiSquare.upperTail(chiSquare, degreesOfFreedom: Double(dof))
        var flags = InferenceFlags()
        var birge = 1.0
        if pValue < options.poorFitPValue {
            flags.poorFit = true
            birge = max(chiSquare / Double(dof), 1)
            pass = table.logPosterior(inflation: calibration, temperature: birge)
        }
        let inflation = calibration * birge  // effective, for the fitted-curve bands
        let grid = table.grid
        let posterior = Posterior1D(grid: grid, logDensity: pass.values)
        let prior = bank.design.prior
        let priorWidth = prior.upperBound - prior.lowerBound
        let interval95 = posterior.interval(level: 0.95)
        let band = options.edgeFraction * priorWidth
        flags.atPriorEdge = posterior.mode <= prior.lowerBound + band || posterior.mode >= prior.upperBound - band
            || interval95.lowerBound <= prior.lowerBound + band || interval95.upperBound >= prior.upperBound - band
        flags.multimodal = posterior.modes().count > 1
        flags.notIdentifiable = posterior.standardDeviation >= options.notIdentifiableRatio * priorWidth / 12.0.squareRoot()

        // Nuisance marginals.
        let top = pass.warpLogMarginal.max() ?? 0
        let weights = pass.warpLogMarginal.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        let meanShift = zip(table.warps, weights).reduce(0) { $0 + $1.0.shift * $1.1 } / total
        let meanScale = zip(table.warps, weights).reduce(0) { $0 + $1.0.scale * $1.1 } / total
        let meanBlur = zip(table.warps, weights).reduce(0) { $0 + $1.0.blur * $1.1 } / total
        let bestWarp = table.warps[pass.bestWarp]

        let (fitted, deviation) = likelihood.prediction(at: grid[pass.bestGrid], warp: bestWarp, timePoints: table.timePoints)
        let width = likelihood.width
        let summaries = options.features.enumerated().map { c, feature in
            SummaryComparison(
                feature: feature, frames: table.timePoints,
                observed: table.timePoints.indices.map { table.observed[$0 * width + c] },
                fitted: table.timePoints.indices.map { fitted[$0 * width + c] },
                fittedDeviation: table.timePoints.indices.map { deviation[$0 * width + c] * inflation.squareRoot() })
        }
        return InferenceResult(
            parameter: bank.design.parameter, prior: prior, posterior: posterior, mean: posterior.mean,
            map: posterior.mode, standardDeviation: posterior.standardDeviation,
            interval68: posterior.interval(level: 0.68), interval95: interval95,
            samples: posterior.samples(count: options.sampleCount, seed: options.sampleSeed),
            timeShift: NuisanceEstimate(mean: meanShift, best: bestWarp.shift),
            timeScale: NuisanceEstimate(mean: meanScale, best: bestWarp.scale),
            blur: NuisanceEstimate(mean: meanBlur, best: bestWarp.blur),
            goodnessOfFit: GoodnessOfFit(chiSquare: chiSquare, degreesOfFreedom: dof, pValue: pValue),
            flags: flags, summaries: summaries, timing: timing, correction: correction,
            covarianceInflation: inflation, birgeFactor: birge, forwardRuns: bank.runs.count,
            bankLabel: bank.label, emulatorBandwidth: likelihood.bandwidth,
            wallSeconds: (ContinuousClock.now - start).seconds)
    }
}
