import Dispatch
import E3DLSTM
public import Foundation
import PhaseField
import Tensor

/// `operando bench surrogate`: one E3D-LSTM training step and one 50-frame rollout, ours next to
/// the PyTorch reference (`Benchmarks/e3dlstm_reference.py`, same function, 2 threads) run in the
/// same invocation.
///
/// Training step: a batch of 20-frame clips (10 in, 10 out), L1 + L2 over the 19 predictions,
/// scheduled sampling with η = 0.5, backward, clipping, Adam. Rollout: 10 context frames →
/// 50 predicted frames (59 steps), no gradient. Random data, τ = 5, 64² frames, patch 4.
/// Each figure is the median of `repeats` timings after one warm-up. A last report times the
/// small model's 50-frame rollout of one sequence against the dendrite simulator producing the
/// same 50 frames (`rolloutAgainstSimulator`).
public enum SurrogateBenchmark {
    /// One model size to time.
    public struct Case: Sendable {
        public var name: String
        public var layers: Int
        public var hiddenChannels: Int
        public var batch: Int
        public var frameSize: Int = 64
        public var patchSize: Int = 4

        public init(name: String, layers: Int, hiddenChannels: Int, batch: Int) {
            self.name = name
            self.layers = layers
            self.hiddenChannels = hiddenChannels
            self.batch = batch
        }

        /// 2 layers × 16 channels and the paper's 4 × 64, both at batch 8.
        public static let standard = [
            Case(name: "small 2×16", layers: 2, hiddenChannels: 16, batch: 8),
            Case(name: "paper 4×64", layers: 4, hiddenChannels: 64, batch: 8),
        ]
    }

    /// Times every case; returns two reports per case (training step, rollout), in seconds.
    /// - Parameters:
    ///   - scriptDirectory: folder holding `e3dlstm_reference.py` (the repository's `Benchmarks/`).
    ///   - python: interpreter for the anchor; when it fails the anchor is reported as not run.
    public static func run(
        cases: [Case] = Case.standard, repeats: Int = 3, scriptDirectory: URL = URL(fileURLWithPath: "Benchmarks"),
        python: String = "python3", log: (String) -> Void = { _ in }
    ) throws -> [BenchmarkReport] {
        var reports: [BenchmarkReport] = []
        for benchmarkCase in cases {
            log("\(benchmarkCase.name): timing Operando…")
            let ours = try timeOperando(benchmarkCase, repeats: repeats)
            log("\(benchmarkCase.name): timing PyTorch…")
            let anchor = runAnchor(benchmarkCase, repeats: repeats, scriptDirectory: scriptDirectory, python: python)
            var details = [
                "layers": String(benchmarkCase.layers), "hiddenChannels": String(benchmarkCase.hiddenChannels),
                "batch": String(benchmarkCase.batch), "frame": "\(benchmarkCase.frameSize)²",
                "patch": String(benchmarkCase.patchSize), "historyLength": "5", "repeats": String(repeats),
                "operandoThreads": String(ProcessInfo.processInfo.activeProcessorCount),
            ]
            if let error = anchor.error { details["anchorError"] = error }
            reports.append(
                BenchmarkReport(
                    name: "E3D-LSTM \(benchmarkCase.name) training step (batch \(benchmarkCase.batch), 20-frame clip)",
                    unit: "seconds", operando: ours.train, anchor: anchor.train, anchorName: "PyTorch (2 threads)", details: details))
            reports.append(
                BenchmarkReport(
                    name: "E3D-LSTM \(benchmarkCase.name) 50-frame rollout (batch \(benchmarkCase.batch))",
                    unit: "seconds", operando: ours.rollout, anchor: anchor.rollout, anchorName: "PyTorch (2 threads)", details: details))
        }
        if cases.contains(where: { $0.layers == 2 && $0.hiddenChannels == 16 }) {
            log("rollout against the dendrite simulator…")
            reports.append(try rolloutAgainstSimulator(repeats: repeats))
        }
        return reports
    }

    /// One sequence, 50 frames after 10 observed ones, both on all cores: the 2×16 surrogate's
    /// rollout (64², patch 4, 59 recurrent steps) against the Kobayashi simulator (K = 1.6, 256²
    /// grid, 80 steps per frame, frames block-averaged to 64²). The simulator's time is
    /// differential, t(60 frames) − t(10 frames), the part the surrogate replaces. Goal: ratio ≤ 0.1.
    public static func rolloutAgainstSimulator(repeats: Int) throws -> BenchmarkReport {
        func simulate(frames: Int) throws {
            var parameters = DendriteParameters(latentHeat: 1.6)
            parameters.frameCount = frames
            _ = try DendriteSimulator(parameters).run(seed: 1)
        }
        let simulator = try medianSeconds(repeats: repeats) { try simulate(frames: 60) }
            - (try medianSeconds(repeats: repeats) { try simulate(frames: 10) })
        let model = try E3DLSTMModel(configuration: configuration(Case.standard[0]), seed: 0)
        var generator = SplitMix64(seed: 0)
        let context = Tensor(randomUniform: [1, 10, 64, 64], using: &generator)
        let rollout = try medianSeconds(repeats: repeats) { _ = try model.predict(context: context, frames: 50) }
        return BenchmarkReport(
            name: "E3D-LSTM small 2×16 50-frame rollout of one sequence vs the dendrite simulator", unit: "seconds",
            operando: rollout, anchor: simulator, anchorName: "Kobayashi simulator (256² grid, 80 steps/frame, 50 frames)",
            details: ["goal": "ratio ≤ 0.1", "simulatorSteps": "4000", "repeats": String(repeats)])
    }

    static func configuration(_ benchmarkCase: Case) -> E3DLSTMConfiguration {
        E3DLSTMConfiguration(
            layers: benchmarkCase.layers, hiddenChannels: benchmarkCase.hiddenChannels, patchSize: benchmarkCase.patchSize,
            historyLength: 5, inputFrames: 10, outputFrames: 10)
    }

    static func timeOperando(_ benchmarkCase: Case, repeats: Int) throws -> (train: Double, rollout: Double) {
        let model = try E3DLSTMModel(configuration: configuration(benchmarkCase), seed: 0)
        let options = TrainingOptions(totalSteps: 1_000, initialTruthProbability: 0.5, samplingDecaySteps: 1_000_000, augmentation: false)
        let trainer = try E3DLSTMTrainer(model: model, options: options)
        var generator = SplitMix64(seed: 0)
        let size = benchmarkCase.frameSize
        let clips = Tensor(randomUniform: [benchmarkCase.batch, 20, size, size], using: &generator)
        let context = clips.slice(axis: 1, range: 0..<10)
        let train = try medianSeconds(repeats: repeats) { _ = try trainer.step(clips: clips) }
        let rollout = try medianSeconds(repeats: repeats) { _ = try model.predict(context: context, frames: 50) }
        return (train, rollout)
    }

    /// Median wall time of `repeats` runs after one warm-up.
    static func medianSeconds(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var times: [Double] = []
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }

    struct AnchorResult {
        var train: Double?
        var rollout: Double?
        var error: String?
    }

    static func runAnchor(_ benchmarkCase: Case, repeats: Int, scriptDirectory: URL, python: String) -> AnchorResult {
        let script = scriptDirectory.appendingPathComponent("e3dlstm_reference.py").path
        let arguments = [
            script, "--layers", String(benchmarkCase.layers), "--hidden", String(benchmarkCase.hiddenChannels),
            "--size", String(benchmarkCase.frameSize), "--patch", String(benchmarkCase.patchSize), "--tau", "5",
            "--batch", String(benchmarkCase.batch), "--repeats", String(repeats), "--threads", "2",
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return AnchorResult(error: "cannot start \(python) \(script): \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let train = object["train_step_seconds"] as? Double, let rollout = object["rollout_seconds"] as? Double
        else {
            return AnchorResult(error: "anchor failed (status \(process.terminationStatus)): \(errorText.suffix(300))")
        }
        return AnchorResult(train: train, rollout: rollout)
    }
}
