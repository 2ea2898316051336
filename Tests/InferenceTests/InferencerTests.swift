import Foundation
import Inference
import Tensor
import Testing

struct InferencerTests {
    static let truths = [1.0, 1.3, 1.6, 1.9, 2.2]

    /// Observes the star model at `truth` with a time origin `crop` frames late and every
    /// `stride`-th frame, from a seed the bank never used.
    static func observation(truth: Double, index: Int, crop: Int, stride: Int = 1) throws -> Tensor {
        let frames = try Fixtures.model.simulate(parameters: ["K": truth, "nucleusRadius": 2.2], seed: 1000 + UInt64(index))
        return Fixtures.observe(frames, crop: crop, stride: stride)
    }

    @Test(arguments: [
        (1, ObservationTiming.matchesBank), (2, .known(frameInterval: 2)), (1, .unknownScale),
    ])
    func recoversTrueValueWithinIntervals(stride: Int, timing: ObservationTiming) throws {
        // Uncalibrated posteriors of this bank are ~1.4× too narrow (12 nodes, emulator error
        // between nodes); the SBC correction fixes that, as it must for real use.
        let inferencer = try Inferencer(bank: Fixtures.bank, correction: Fixtures.calibration.correction, options: Fixtures.fastOptions)
        var covered95 = 0
        for (index, truth) in Self.truths.enumerated() {
            let result = try inferencer.infer(observed: Self.observation(truth: truth, index: index, crop: 2, stride: stride), timing: timing)
            if result.interval95.contains(truth) { covered95 += 1 }
            #expect(abs(result.mean - truth) / truth < 0.03, "K \(truth): mean \(result.mean)")
            #expect(result.interval68.lowerBound < result.interval68.upperBound)
            #expect(result.interval95.lowerBound <= result.interval68.lowerBound && result.interval68.upperBound <= result.interval95.upperBound)
            #expect(!result.flags.poorFit && !result.flags.notIdentifiable, "K \(truth): \(result.flags.raised)")
            #expect(result.forwardRuns == Fixtures.design.runCount)
        }
        #expect(covered95 >= 4, "95 % intervals covered \(covered95) of 5")
    }

    @Test func estimatesTheTimeOrigin() throws {
        let inferencer = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions)
        let result = try inferencer.infer(observed: Self.observation(truth: 1.6, index: 9, crop: 2))
        // The nucleus radius (2.2 vs the bank's 1.5–2.5) also shifts the apparent origin slightly.
        #expect(abs(result.timeShift.mean - 2) < 0.75, "shift \(result.timeShift.mean)")
    }

    @Test(arguments: ["noise", "grains"])
    func nonDendriteInputIsNeverConfident(kind: String) throws {
        let inferencer = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions)
        let frames = kind == "noise" ? Fixtures.noise(frames: 20, side: 32, seed: 3) : Fixtures.grainTexture(frames: 20, side: 32, seed: 4)
        let genuine = try inferencer.infer(observed: Self.observation(truth: 1.6, index: 8, crop: 0))
        let genuineWidth = genuine.interval95.upperBound - genuine.interval95.lowerBound
        for timing in [ObservationTiming.matchesBank, .unknownScale] {
            let result = try inferencer.infer(observed: frames, timing: timing)
            #expect(result.flags.poorFit, "\(kind): \(result.goodnessOfFit)")
            // Tempering by the Birge factor keeps the misfit from looking sharp: the interval is
            // at least 10 times wider than a genuine stack's.
            let width = result.interval95.upperBound - result.interval95.lowerBound
            #expect(width > 10 * genuineWidth, "\(kind): 95 % width \(width) vs genuine \(genuineWidth)")
        }
    }

    @Test func truthBeyondThePriorIsFlaggedAtTheEdge() throws {
        let inferencer = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions)
        let outside = try inferencer.infer(observed: Self.observation(truth: 2.8, index: 1, crop: 0))
        #expect(outside.flags.atPriorEdge, "mean \(outside.mean), 95 % \(outside.interval95)")
        let inside = try inferencer.infer(observed: Self.observation(truth: 1.6, index: 1, crop: 0))
        #expect(!inside.flags.atPriorEdge)
    }

    @Test func bankSurvivesCodableRoundTrip() throws {
        let data = try JSONEncoder().encode(Fixtures.bank)
        let decoded = try JSONDecoder().decode(SimulationBank.self, from: data)
        let observed = try Self.observation(truth: 1.45, index: 3, crop: 1)
        let a = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions).infer(observed: observed)
        let b = try Inferencer(bank: decoded, options: Fixtures.fastOptions).infer(observed: observed)
        #expect(a.posterior == b.posterior)
        let resultData = try JSONEncoder().encode(a)
        let resultBack = try JSONDecoder().decode(InferenceResult.self, from: resultData)
        #expect(resultBack.interval95 == a.interval95 && resultBack.flags == a.flags)
    }

    @Test func comparesTwoEstimates() throws {
        let inferencer = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions)
        let a = try inferencer.infer(observed: Self.observation(truth: 1.5, index: 4, crop: 1))
        let same = try inferencer.infer(observed: Self.observation(truth: 1.5, index: 5, crop: 1))
        let other = try inferencer.infer(observed: Self.observation(truth: 2.0, index: 6, crop: 1))
        #expect(abs(a.agreement(with: a).overlap - 1) < 1e-6)
        #expect(!a.agreement(with: same).disagree)
        #expect(a.agreement(with: other).disagree)
        #expect(a.flaggingDisagreement(with: other).flags.surrogateSimulatorDisagree)
    }

    @Test func calibrationInflationWidensIntervals() throws {
        let correction = CalibrationCorrection(
            inflation: 4, stackCount: 1, rawCoverage68: 0, rawCoverage95: 0, coverage68: 0, coverage95: 0,
            rankUniformityPValue: 0, bankLabel: "test")
        let observed = try Self.observation(truth: 1.7, index: 2, crop: 1)
        let plain = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions).infer(observed: observed)
        let widened = try Inferencer(bank: Fixtures.bank, correction: correction, options: Fixtures.fastOptions).infer(observed: observed)
        // λ = 4 scales a Gaussian-like posterior's sd by √λ = 2 (the time warp makes it approximate).
        let ratio = widened.standardDeviation / plain.standardDeviation
        #expect(ratio > 1.6 && ratio < 2.4, "sd ratio \(ratio)")
        #expect(widened.correction == correction)
    }

    @Test func rejectsStacksThatAreTooShortOrTooLong() throws {
        let inferencer = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions)
        #expect(throws: InferenceError.self) { try inferencer.infer(observed: Tensor(zeros: [2, 32, 32])) }
        let long = try Self.observation(truth: 1.6, index: 0, crop: 0)
        #expect(throws: InferenceError.self) { try inferencer.infer(observed: long, timing: .known(frameInterval: 3)) }
    }
}

struct PredictiveCheckTests {
    @Test func resimulationAgreesForGenuineStacksOnly() throws {
        let inferencer = try Inferencer(bank: Fixtures.bank, correction: Fixtures.calibration.correction, options: Fixtures.fastOptions)
        let genuine = try InferencerTests.observation(truth: 1.4, index: 12, crop: 1)
        let result = try inferencer.infer(observed: genuine)
        let check = try inferencer.predictiveCheck(model: Fixtures.model, observed: genuine, result: result, runs: 6)
        #expect(check.forwardRuns == 6 && check.degreesOfFreedom == 60)
        #expect(check.pValue > 1e-3, "χ² \(check.chiSquare)")
        #expect(check.emulatorDeviation < 1.5, "emulator deviation \(check.emulatorDeviation)")
        let junk = Fixtures.grainTexture(frames: 20, side: 32, seed: 8)
        let junkResult = try inferencer.infer(observed: junk)
        let junkCheck = try inferencer.predictiveCheck(model: Fixtures.model, observed: junk, result: junkResult, runs: 4)
        #expect(junkCheck.pValue < 1e-6)
    }
}

struct BlurNuisanceTests {
    @Test func blurredObservationsAreRecovered() throws {
        var design = Fixtures.design
        design.blurLevels = [0, 0.75, 1.5]
        let bank = try SimulationBank.build(model: Fixtures.model, design: design)
        var options = Fixtures.fastOptions
        options.blurSteps = 9
        let inferencer = try Inferencer(bank: bank, correction: Fixtures.calibration.correction, options: options)
        var covered = 0
        for (index, truth) in [1.2, 1.7, 2.1].enumerated() {
            let frames = GaussianBlur.blurred(try InferencerTests.observation(truth: truth, index: 20 + index, crop: 1), sigma: 1)
            let result = try inferencer.infer(observed: frames)
            if result.interval95.contains(truth) { covered += 1 }
            #expect(abs(result.mean - truth) / truth < 0.03, "K \(truth): mean \(result.mean), blur \(result.blur)")
            #expect(abs(result.blur.mean - 1) < 0.5, "blur \(result.blur)")
        }
        #expect(covered >= 2)
    }
}
