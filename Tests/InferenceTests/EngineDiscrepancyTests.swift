import Glibc
@testable import Inference
import Tensor
import Testing

struct EngineDiscrepancyTests {
    /// d = 2 with correlation ρ, in standardised units z = d̄/σ, s = g/σ and R⁻¹ = [[1, −ρ], [−ρ, 1]]/(1 − ρ²):
    /// χ² = (n/2) zᵀR⁻¹z with P(χ²₂ ≥ x) = e^{−x/2}; Δθ = sᵀR⁻¹z / sᵀR⁻¹s, se = √(2/(n sᵀR⁻¹s)),
    /// two-sided normal p = erfc(|Δθ/se|/√2). The flag is raised when either p < 10⁻³.
    @Test(arguments: [0.0, 0.6, -0.3])
    func ruleMatchesTheClosedFormInTwoDimensions(rho: Double) {
        let factor = [1, 0, rho, (1 - rho * rho).squareRoot()]  // Cholesky of [[1, ρ], [ρ, 1]]
        let deviation = [0.02, 0.05]
        let reference = [0.30, 0.70]
        let sensitivity = [0.1, -0.05]
        func inverseR(_ a: [Double], _ b: [Double]) -> Double {
            (a[0] * b[0] - rho * (a[0] * b[1] + a[1] * b[0]) + a[1] * b[1]) / (1 - rho * rho)
        }
        for (difference, runs) in [([0.01, -0.02], 4), ([0.04, 0.06], 4), ([0.002, 0.001], 1), ([0.05, -0.1], 6), ([0.03, -0.015], 2)] {
            let candidate = zip(reference, difference).map { $0 - $1 }
            let check = EngineDiscrepancy(
                reference: reference, candidate: candidate, sensitivity: sensitivity, deviation: deviation, correlationFactor: factor,
                runs: runs, threshold: 1e-3)
            let z = [difference[0] / deviation[0], difference[1] / deviation[1]]
            let s = [sensitivity[0] / deviation[0], sensitivity[1] / deviation[1]]
            let chiSquare = Double(runs) / 2 * inverseR(z, z)
            let pValue = exp(-chiSquare / 2)
            let shift = inverseR(s, z) / inverseR(s, s)
            let standardError = (2 / Double(runs) / inverseR(s, s)).squareRoot()
            let shiftPValue = erfc(abs(shift / standardError) / 2.0.squareRoot())
            #expect(abs(check.chiSquare - chiSquare) <= 1e-12 * max(chiSquare, 1), "ρ \(rho): \(check.chiSquare) vs \(chiSquare)")
            #expect(abs(check.pValue - pValue) <= 1e-9 * pValue + 1e-300)
            #expect(abs(check.shift - shift) <= 1e-12 * abs(shift) + 1e-15 && abs(check.shiftStandardError - standardError) <= 1e-12 * standardError)
            #expect(abs(check.shiftPValue - shiftPValue) <= 1e-9 * shiftPValue + 1e-300, "\(check.shiftPValue) vs \(shiftPValue)")
            #expect(check.disagree == (pValue < 1e-3 || shiftPValue < 1e-3))
            #expect(abs(check.standardisedBias - ((z[0] * z[0] + z[1] * z[1]) / 2).squareRoot()) < 1e-12)
            #expect(check.degreesOfFreedom == 2 && check.runs == runs)
        }
    }

    /// Around χ² = 2 ln 1000 (p = 10⁻³) with a slope orthogonal to the difference (no shift):
    /// just above is flagged, just below is not; the same for |Δθ/se| around 3.2905 (p = 10⁻³).
    @Test func flagSwitchesAtTheThresholds() {
        let z = (2 * log(1000.0)).squareRoot()  // runs 2 → χ² = z₁² + z₂² with z₂ = 0
        func orthogonal(_ scale: Double) -> EngineDiscrepancy {
            EngineDiscrepancy(
                reference: [z * scale, 0], candidate: [0, 0], sensitivity: [0, 1], deviation: [1, 1], correlationFactor: [1, 0, 0, 1],
                runs: 2, threshold: 1e-3)
        }
        #expect(abs(orthogonal(1).pValue - 1e-3) < 1e-12 && orthogonal(1).shift == 0 && orthogonal(1).shiftPValue == 1)
        #expect(orthogonal(1.001).disagree && !orthogonal(0.999).disagree)
        // Along the slope in 100 dimensions: χ² = t² stays far below χ²(100)'s critical value.
        let t = 3.2905267314918945  // two-sided normal 10⁻³ point
        let identity = (0..<10_000).map { $0 / 100 == $0 % 100 ? 1.0 : 0 }
        func along(_ scale: Double) -> EngineDiscrepancy {
            EngineDiscrepancy(
                reference: [t * scale] + Array(repeating: 0, count: 99), candidate: Array(repeating: 0, count: 100),
                sensitivity: [1] + Array(repeating: 0, count: 99), deviation: Array(repeating: 1, count: 100), correlationFactor: identity,
                runs: 2, threshold: 1e-3)
        }
        #expect(abs(along(1).shiftPValue - 1e-3) < 1e-9 && along(1).pValue > 0.5)
        #expect(along(1.001).disagree && !along(0.999).disagree)
    }

    /// Through the likelihood: a "surrogate" identical to the simulator gives χ² = 0 (same
    /// nuisances and seeds). One that behaves like the simulator at 1.1 K is flagged by the shift
    /// test, with Δθ ≈ K̂/1.1 − K̂ (the simulator's summaries at K̂ are its own at K̂/1.1). One
    /// that grows 25 % too fast, which this model's likelihood hardly reads as a change of K
    /// (arm shape carries K; size is blurred by the nucleus and time-origin nuisances), is
    /// flagged by the χ² test.
    @Test func identicalModelsAgreeAndBiasedOnesAreFlagged() throws {
        let inferencer = try Inferencer(bank: Fixtures.bank, correction: Fixtures.calibration.correction, options: Fixtures.fastOptions)
        let observed = try InferencerTests.observation(truth: 1.6, index: 31, crop: 1)
        let result = try inferencer.infer(observed: observed)
        func check(_ surrogate: some ForwardModel) throws -> EngineDiscrepancy {
            try inferencer.engineDiscrepancy(simulator: Fixtures.model, surrogate: surrogate, observedFrames: observed.shape[0], result: result, runs: 4)
        }
        let same = try check(Fixtures.model)
        #expect(same.chiSquare == 0 && same.shift == 0 && !same.disagree && same.degreesOfFreedom == 60 && same.runs == 4)
        #expect(!result.flaggingDisagreement(same).flags.surrogateSimulatorDisagree)

        let scaled = try check(ScaledParameterModel(base: Fixtures.model, factor: 1.1))
        let expected = result.mean / 1.1 - result.mean
        #expect(scaled.disagree && scaled.shiftPValue < 1e-6, "shift \(scaled.shift) ± \(scaled.shiftStandardError)")
        #expect(abs(scaled.shift - expected) < 0.2 * abs(expected), "shift \(scaled.shift), expected \(expected)")
        let flagged = result.flaggingDisagreement(scaled)
        #expect(flagged.flags.surrogateSimulatorDisagree && flagged.engineCheck == scaled)

        var fast = Fixtures.model
        fast.speed *= 1.25
        let growth = try check(fast)
        #expect(growth.pValue < 1e-3 && growth.disagree, "χ² \(growth.chiSquare), shift \(growth.shift) ± \(growth.shiftStandardError)")
    }
}

/// `base` run at `factor × K`: a surrogate with a miscalibrated parameter.
struct ScaledParameterModel: ForwardModel {
    let base: StarForwardModel
    let factor: Double
    var parameterNames: [String] { base.parameterNames }
    var frameInterval: Double { base.frameInterval }

    func simulate(parameters: [String: Double], seed: UInt64) throws -> Tensor {
        var scaled = parameters
        scaled["K"] = parameters["K"].map { $0 * factor }
        return try base.simulate(parameters: scaled, seed: seed)
    }
}
