import Inference
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

    @Test func emptyCalibrationThrows() {
        #expect(throws: InferenceError.calibrationEmpty) { try Calibration.evaluate(bank: Fixtures.bank, cases: []) }
    }
}
