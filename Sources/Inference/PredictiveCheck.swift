public import Tensor

/// Posterior-predictive check by re-simulation: the forward model run at the estimate, compared
/// with the observed summaries without the emulator in between.
///
/// `runs` simulations at `K = result.mean` (nuisances drawn from the bank design, fresh seeds,
/// frames blurred by the best-fit blur) give the predicted mean `ȳ` at the best time warp; the covariance is the bank's `λ Σ(K)`
/// (calibration λ only — a Birge factor would hide the misfit this check looks for) times
/// `1 + 1/runs` (the mean of `runs` replicates is itself uncertain). The check is
/// `χ² = (y − ȳ)ᵀ Σ⁻¹ (y − ȳ)` against `χ²(d)`: a small p-value means the estimate does not
/// reproduce the stack, even if the emulator said it did.
public struct PredictiveCheck: Codable, Sendable, Equatable {
    /// Mahalanobis distance of the observed summaries from the re-simulated mean.
    public let chiSquare: Double
    /// Summary dimension `d`.
    public let degreesOfFreedom: Int
    /// `P(χ²_d ≥ chiSquare)`.
    public let pValue: Double
    /// Forward runs made.
    public let forwardRuns: Int
    /// Root-mean-square difference between re-simulated and emulated means, in units of the
    /// likelihood standard deviation (emulator error at the estimate; ≲ 1 is good).
    public let emulatorDeviation: Double
}

extension Inferencer {
    /// Re-simulates `runs` stacks at the estimate of `result` for `observed` frames `[T, H, W]`.
    public func predictiveCheck(
        model: some ForwardModel, observed frames: Tensor, result: InferenceResult, runs: Int = 8, seed: UInt64 = 4_041,
        progress: (@Sendable (BankProgress) -> Void)? = nil
    ) throws -> PredictiveCheck {
        precondition(runs >= 2, "predictiveCheck: runs \(runs)")
        let estimate = result.mean
        let mean = try resimulatedMean(model: model, at: estimate, blur: result.blur.best, runs: runs, seed: seed, progress: progress)
        let observed = SummaryStatistics.series(of: frames)
        let points = SyntheticLikelihood.timePoints(frames: observed.frameCount, count: options.timePoints)
        let warp = bestWarp(of: result)
        let emulated = likelihood.emulate(at: estimate, blur: result.blur.best)
        let inflation = (result.correction?.inflation ?? 1) * (1 + 1 / Double(runs))  // no Birge factor
        let resimulated = likelihood.prediction(emulated: (mean, emulated.deviation), warp: warp, timePoints: points)
        let emulatedPrediction = likelihood.prediction(emulated: emulated, warp: warp, timePoints: points)
        var y = [Double]()
        for j in points { for column in likelihood.columns { y.append(observed.value(frame: j, column: column)) } }
        let chiSquare = likelihood.mahalanobis(
            y, mean: resimulated.mean, deviation: resimulated.deviation.map { $0 * inflation.squareRoot() },
            warp: warp, timePoints: points)
        let d = y.count
        var squaredSum = 0.0
        for i in 0..<d {
            let z = (resimulated.mean[i] - emulatedPrediction.mean[i]) / emulatedPrediction.deviation[i]
            squaredSum += z * z
        }
        let emulatorDeviation = (squaredSum / Double(d)).squareRoot()
        return PredictiveCheck(
            chiSquare: chiSquare, degreesOfFreedom: d, pValue: ChiSquare.upperTail(chiSquare, degreesOfFreedom: Double(d)),
            forwardRuns: runs, emulatorDeviation: emulatorDeviation)
    }
}
