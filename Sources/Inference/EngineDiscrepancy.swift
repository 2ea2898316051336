/// How far a surrogate's summaries are from the simulator's at one estimate, in the units of the
/// likelihood's covariance: the rule behind the `surrogateSimulatorDisagree` flag.
///
/// Both engines run `n` times at the same parameters (the posterior mean θ̂, nuisances drawn from
/// the bank design, the same seeds for both); their mean summaries `ȳ_sim`, `ȳ_sur` are compared
/// at the observed time points under the best time warp and blur, with `Σ = λ D R_A D` the
/// likelihood's covariance at θ̂ and `g = ∂μ/∂θ` the (surrogate) emulator's slope there:
/// ```
/// d̄ = ȳ_sim − ȳ_sur
/// χ²  = (n/2) · d̄ᵀ Σ⁻¹ d̄                          any discrepancy,       vs χ²(d)
/// Δθ  = gᵀ Σ⁻¹ d̄ / gᵀ Σ⁻¹ g                       the estimate's shift,  se = √(2/n) / √(gᵀ Σ⁻¹ g)
/// disagree ⇔ P(χ²_d ≥ χ²) < threshold  or  P(χ²_1 ≥ (Δθ/se)²) < threshold   (default 10⁻³ each)
/// ```
/// `Δθ` is the linearised bias of the surrogate engine at θ̂: a stack the simulator makes at θ̂
/// is read as θ̂ + Δθ. If the engines gave the same distribution of summaries and the runs were
/// independent, `d̄ ~ N(0, 2Σ/n)`, so `χ² ~ χ²(d)` and `Δθ/se ~ N(0, 1)`; the paired runs share
/// nuisances and seeds (identical context frames), which only makes both smaller under that
/// hypothesis: the tests are conservative. The shift test flags `|Δθ| > 3.29 se`, i.e. more than
/// 2.3 linearised posterior standard deviations at `n = 4`; the χ² test catches discrepancies the
/// slope does not see (a bias of 0.6 σ on every one of 60 uncorrelated summaries is flagged with
/// probability 0.56 at `n = 4`).
public struct EngineDiscrepancy: Codable, Sendable, Equatable {
    /// `(n / 2) · d̄ᵀ Σ⁻¹ d̄`.
    public let chiSquare: Double
    /// Summary dimension `d`.
    public let degreesOfFreedom: Int
    /// `P(χ²_d ≥ chiSquare)`.
    public let pValue: Double
    /// `Δθ`: the shift of the estimate the discrepancy amounts to, in parameter units.
    public let shift: Double
    /// Standard error of `shift` for independent runs, `√(2/n) / √(gᵀ Σ⁻¹ g)`.
    public let shiftStandardError: Double
    /// `P(χ²_1 ≥ (shift / shiftStandardError)²)`.
    public let shiftPValue: Double
    /// Root mean square of `d̄ / σ` over the `d` summaries (σ from `Σ`'s diagonal): the bias in
    /// likelihood standard deviations, ignoring correlations.
    public let standardisedBias: Double
    /// Runs per engine `n` (the check made `2n` forward runs).
    public let runs: Int
    /// p-value below which either test says the engines disagree.
    public let threshold: Double
    /// Wall time of the check's forward runs, in seconds.
    public let wallSeconds: Double

    /// The surrogate's summaries are not the simulator's, given the likelihood's covariance.
    public var disagree: Bool { pValue < threshold || shiftPValue < threshold }

    /// Applies the rule to mean summary vectors of `runs` runs per engine.
    /// - Parameters:
    ///   - reference: `ȳ_sim` (length `d`).
    ///   - candidate: `ȳ_sur` (length `d`).
    ///   - sensitivity: `g`, the emulated summaries' derivative with respect to the parameter.
    ///   - deviation: `√diag Σ` (λ included).
    ///   - correlationFactor: lower Cholesky factor `L` (`d × d`, row-major) of the correlation `R_A`.
    init(reference: [Double], candidate: [Double], sensitivity: [Double], deviation: [Double], correlationFactor: [Double],
         runs: Int, threshold: Double, wallSeconds: Double = 0) {
        let d = reference.count
        precondition(
            candidate.count == d && sensitivity.count == d && deviation.count == d && correlationFactor.count == d * d && runs >= 1,
            "EngineDiscrepancy: d \(d), candidate \(candidate.count), sensitivity \(sensitivity.count), deviation \(deviation.count), runs \(runs)")
        let z = (0..<d).map { (reference[$0] - candidate[$0]) / deviation[$0] }
        let whitenedDifference = Self.whitened(z, lower: correlationFactor)
        let whitenedSlope = Self.whitened((0..<d).map { sensitivity[$0] / deviation[$0] }, lower: correlationFactor)
        let information = whitenedSlope.reduce(0) { $0 + $1 * $1 }  // gᵀ Σ⁻¹ g
        chiSquare = Double(runs) / 2 * whitenedDifference.reduce(0) { $0 + $1 * $1 }
        degreesOfFreedom = d
        pValue = ChiSquare.upperTail(chiSquare, degreesOfFreedom: Double(d))
        if information > 0 {
            shift = zip(whitenedSlope, whitenedDifference).reduce(0) { $0 + $1.0 * $1.1 } / information
            shiftStandardError = (2 / Double(runs) / information).squareRoot()
            shiftPValue = ChiSquare.upperTail((shift / shiftStandardError) * (shift / shiftStandardError), degreesOfFreedom: 1)
        } else {
            (shift, shiftStandardError, shiftPValue) = (0, .infinity, 1)
        }
        standardisedBias = (z.reduce(0) { $0 + $1 * $1 } / Double(d)).squareRoot()
        self.runs = runs
        self.threshold = threshold
        self.wallSeconds = wallSeconds
    }

    /// `L⁻¹ b` by forward substitution.
    private static func whitened(_ b: [Double], lower: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: b.count)
        _ = lower.withUnsafeBufferPointer { l in
            b.withUnsafeBufferPointer { r in
                result.withUnsafeMutableBufferPointer { DenseAlgebra.whitenedSquaredNorm(lower: l, n: b.count, r, scratch: $0) }
            }
        }
        return result
    }
}

extension InferenceResult {
    /// This result with the engine check attached and `surrogateSimulatorDisagree` raised when
    /// it says the engines disagree.
    public func flaggingDisagreement(_ check: EngineDiscrepancy) -> InferenceResult {
        var copy = self
        copy.engineCheck = check
        copy.flags.surrogateSimulatorDisagree = check.disagree
        return copy
    }
}

extension Inferencer {
    /// The engine check of a surrogate-bank estimate: `simulator` and `surrogate` (the bank's
    /// model) each run `runs` times at `result.mean` with the same nuisances and seeds, compared
    /// by the rule of ``EngineDiscrepancy`` at the time points of an `observedFrames`-frame stack
    /// under `result`'s best time warp and blur, with the calibration λ (no Birge factor).
    /// - Throws: as ``ForwardModel/simulate(parameters:seed:)``, or
    ///   ``InferenceError/inconsistentSimulation(expected:found:)`` for runs shorter than the bank's.
    public func engineDiscrepancy(
        simulator: some ForwardModel, surrogate: some ForwardModel, observedFrames: Int, result: InferenceResult,
        runs: Int = 4, seed: UInt64 = 4_243, progress: (@Sendable (BankProgress) -> Void)? = nil
    ) throws -> EngineDiscrepancy {
        precondition(runs >= 1, "engineDiscrepancy: runs \(runs)")
        let start = ContinuousClock.now
        let (estimate, blur) = (result.mean, result.blur.best)
        let reference = try resimulatedMean(model: simulator, at: estimate, blur: blur, runs: runs, seed: seed, progress: progress)
        let candidate = try resimulatedMean(model: surrogate, at: estimate, blur: blur, runs: runs, seed: seed, progress: progress)
        let points = SyntheticLikelihood.timePoints(frames: observedFrames, count: options.timePoints)
        let warp = bestWarp(of: result)
        let deviation = likelihood.emulate(at: estimate, blur: blur).deviation
        let simulated = likelihood.prediction(emulated: (reference, deviation), warp: warp, timePoints: points)
        let surrogated = likelihood.prediction(emulated: (candidate, deviation), warp: warp, timePoints: points)
        // Central difference of the emulated mean over 1 % of the prior, clamped to the prior.
        let prior = bank.design.prior
        let step = 0.005 * (prior.upperBound - prior.lowerBound)
        let (low, high) = (max(estimate - step, prior.lowerBound), min(estimate + step, prior.upperBound))
        let below = likelihood.prediction(at: low, warp: warp, timePoints: points).mean
        let above = likelihood.prediction(at: high, warp: warp, timePoints: points).mean
        let inflation = result.correction?.inflation ?? 1
        return EngineDiscrepancy(
            reference: simulated.mean, candidate: surrogated.mean, sensitivity: zip(above, below).map { ($0 - $1) / (high - low) },
            deviation: simulated.deviation.map { $0 * inflation.squareRoot() },
            correlationFactor: likelihood.warpedCorrelationFactor(warp: warp, timePoints: points), runs: runs,
            threshold: options.engineDisagreementPValue, wallSeconds: (ContinuousClock.now - start).seconds)
    }
}
