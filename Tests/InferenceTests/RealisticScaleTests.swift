import Foundation
import Inference
import Testing

/// The engine at the production scale (64² frames, 50 frames, a 100-run bank, 40-stack SBC) on
/// the analytic star model. Opt-in: `RUN_SLOW_TESTS=1 swift test -c release --filter RealisticScaleTests`.
struct RealisticScaleTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RUN_SLOW_TESTS"] != nil))
    func productionScaleAccuracyCoverageAndTiming() throws {
        let model = StarForwardModel(side: 64, frames: 50, speed: 2.4, pixelNoise: 0.05)
        let design = BankDesign(prior: 0.8...2.4, count: 20, replicates: 5, nuisances: ["nucleusRadius": 3...5], seed: 3)
        let clock = ContinuousClock()
        var bank: SimulationBank?
        let bankTime = try clock.measure { bank = try SimulationBank.build(model: model, design: design) }
        let built = try #require(bank)
        for (name, calibrationDesign) in [
            ("origin unknown (0-4 frames), scale known", CalibrationDesign(count: 40, seed: 5, maximumCrop: 4, observedFrames: 44, pixelNoise: 0.1)),
            ("origin unknown, 1 px blur", CalibrationDesign(count: 40, seed: 7, maximumCrop: 4, observedFrames: 44, pixelNoise: 0.1, blur: 1)),
            ("origin and scale unknown", CalibrationDesign(count: 40, seed: 6, maximumCrop: 4, observedFrames: 40, pixelNoise: 0.1, unknownTimeScale: 0.8...1.25)),
        ] {
            let report = try Calibration.run(model: model, bank: built, design: calibrationDesign)
            let c = report.correction
            print("""
                [\(name)] bank \(built.runs.count) runs \(bankTime); SBC \(c.stackCount) stacks in \(report.wallSeconds) s: \
                median rel err \(report.medianRelativeError), p90 \(report.p90RelativeError), \
                raw coverage 68/95 \(c.rawCoverage68)/\(c.rawCoverage95), λ \(c.inflation) → \(c.coverage68)/\(c.coverage95), \
                ranks \(report.rankHistogram)
                """)
            #expect(report.medianRelativeError < 0.03 && report.p90RelativeError < 0.08)
            #expect(c.coverage95 >= 0.85)
            let inferencer = try Inferencer(bank: built, correction: c)
            let frames = try model.simulate(parameters: ["K": 1.55, "nucleusRadius": 4], seed: 999)
            let timing = calibrationDesign.unknownTimeScale.map { ObservationTiming.unknown(scaleRange: $0) } ?? .matchesBank
            let result = try inferencer.infer(observed: frames, timing: timing)
            print("[\(name)] one stack: \(result.wallSeconds) s, K \(result.mean) 95% \(result.interval95) flags \(result.flags.raised)")
            #expect(result.wallSeconds < 120)
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["RUN_SLOW_TESTS"] != nil))
    func perStackTiming() throws {
        let model = StarForwardModel(side: 64, frames: 50, speed: 2.4, pixelNoise: 0.05)
        let design = BankDesign(prior: 0.8...2.4, count: 20, replicates: 5, nuisances: ["nucleusRadius": 3...5], seed: 3)
        let bank = try SimulationBank.build(model: model, design: design)
        let clock = ContinuousClock()
        var inferencer: Inferencer?
        let fit = try clock.measure { inferencer = try Inferencer(bank: bank) }
        let frames = try model.simulate(parameters: ["K": 1.55, "nucleusRadius": 4], seed: 999)
        for timing in [ObservationTiming.matchesBank, .unknown(scaleRange: 0.8...1.25), .unknownScale] {
            let result = try #require(inferencer).infer(observed: frames, timing: timing)
            print("[timing] emulator fit \(fit); \(timing): \(result.wallSeconds) s, K \(result.mean)")
            #expect(result.wallSeconds < 120)
        }
    }
}
