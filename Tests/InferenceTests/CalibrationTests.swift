import Inference
import Tensor
import Testing

struct CalibrationTests {
    @Test func smallSBCHasSaneCoverage() throws {
        let report = Fixtures.calibration
        let c = report.correction
        #expect(report.forwardRuns == 20 && c.stackCount == 20 && report.rankHistogram.reduce(0, +) == 20)
        #expect(c.inflation >= 1)
        // 20 stacks: binomial sd of a 95 % coverage is 0.049, so ≥ 0.85 is a 2σ band.
        #expect(c.coverage95 >= 0.85, "coverage95 \(c.coverage95), raw \(c.rawCoverage95), λ \(c.inflation)")
        #expect(c.coverage68 >= 0.5 && c.coverage68 <= 0.9, "coverage68 \(c.coverage68)")
        #expect(report.medianRelativeError < 0.03, "median error \(report.medianRelativeError)")
        // The chosen λ is the scan entry it claims to be, and inflating never lowers coverage much.
        let chosen = try #require(report.scan.first { $0.inflation == c.inflation })
        #expect(chosen.coverage95 == c.coverage95)
        #expect(report.scan.last!.coverage95 >= report.scan.first!.coverage95)
    }

    /// The measurement hook sees every calibration stack: an identity measurement reproduces the
    /// plain calibration exactly, and a measurement the bank does not model (a dim, low-contrast
    /// camera: φ → 0.3 + 0.4 φ) makes the raw intervals miss and the calibration inflate them.
    @Test func measurementHookIsAppliedToEveryStack() throws {
        let design = CalibrationDesign(count: 20, seed: 77, maximumCrop: 2, observedFrames: 20, pixelNoise: 0.05)
        let identity = try Calibration.run(
            model: Fixtures.model, bank: Fixtures.bank, design: design, options: Fixtures.fastOptions, measurement: { frames, _ in frames })
        #expect(identity.estimates == Fixtures.calibration.estimates)
        #expect(identity.correction.inflation == Fixtures.calibration.correction.inflation)
        let dim = try Calibration.run(
            model: Fixtures.model, bank: Fixtures.bank, design: design, options: Fixtures.fastOptions,
            measurement: { frames, _ in Tensor(shape: frames.shape, scalars: frames.scalars.map { 0.3 + 0.4 * $0 }) })
        #expect(dim.estimates != identity.estimates)
        #expect(dim.correction.rawCoverage95 < identity.correction.rawCoverage95, "raw 95 %: dim \(dim.correction.rawCoverage95), identity \(identity.correction.rawCoverage95)")
        #expect(dim.correction.inflation > identity.correction.inflation)
    }

    @Test func emptyCalibrationThrows() {
        #expect(throws: InferenceError.calibrationEmpty) { try Calibration.evaluate(bank: Fixtures.bank, cases: []) }
    }
}
