import Foundation
import PhaseField

/// Speed of the four phase-field simulators against a vectorised float64 numpy implementation of
/// the same schemes (Benchmarks/phasefield_reference.py), run in the same invocation.
///
/// Per model and grid side (64 and 256): milliseconds per step (per frame for the analytic plane
/// wave). Our figure is differential, `(t(a + s) − t(a)) / s` through the public `run` API, so
/// set-up (the Voronoi start, allocation) and frame output are excluded as in the anchor; each
/// time is the best of `repeats`. Grain growth is timed in its early stage (10 grains at 64²,
/// 100 at 256²) like the anchor. Ratio = our time / numpy's (goal ≤ 0.2 at 256²). A last report
/// times one whole 100-frame 256² → 64² dendrite sequence (goal ≤ 10 s) against numpy's
/// per-step time × 8000.
public enum SimulationBenchmark {
    /// Runs the benchmark; numpy figures are nil if `python3 <script>` fails.
    public static func run(
        sizes: [Int] = [64, 256], repeats: Int = 3, script: String = "Benchmarks/phasefield_reference.py",
        includeFullSequence: Bool = true
    ) throws -> [BenchmarkReport] {
        precondition(repeats >= 1 && !sizes.isEmpty, "SimulationBenchmark: repeats \(repeats), sizes \(sizes)")
        let anchor = runAnchor(script: script, arguments: ["--repeats", "\(repeats)", "--sizes"] + sizes.map(String.init))
        var reports: [BenchmarkReport] = []
        for size in sizes {
            for kind in PhenomenonKind.allCases {
                let (milliseconds, details) = try measure(kind, size: size, repeats: repeats)
                let numpy = anchor.first { $0["model"] as? String == kind.rawValue && $0["size"] as? Int == size }
                let unit = kind == .planeWave ? "ms/frame" : "ms/step"
                reports.append(BenchmarkReport(
                    name: "\(kind.rawValue) \(size)²", unit: unit, operando: milliseconds,
                    anchor: numpy?["milliseconds"] as? Double, anchorName: "numpy float64 (same scheme)",
                    details: details.merging(["repeats": "\(repeats), best", "cores": "\(ProcessInfo.processInfo.activeProcessorCount)"]) { $1 }))
            }
        }
        if includeFullSequence {
            var parameters = DendriteParameters(latentHeat: 1.6)
            parameters.frameCount = 101
            let seconds = try time { _ = try DendriteSimulator(parameters).run(seed: 1) }
            let numpyStep = anchor.first { $0["model"] as? String == "dendrite" && $0["size"] as? Int == 256 }?["milliseconds"] as? Double
            reports.append(BenchmarkReport(
                name: "dendrite 100-frame sequence 256²→64²", unit: "s", operando: seconds,
                anchor: numpyStep.map { $0 * 8000 / 1000 }, anchorName: "numpy per-step time × 8000 (estimate)",
                details: ["frames": "frame 0 + 100 frames × 80 steps", "goal": "≤ 10 s"]))
        }
        return reports
    }

    /// Best-of-`repeats` milliseconds per step (per frame for the plane wave) of one model.
    static func measure(_ kind: PhenomenonKind, size: Int, repeats: Int) throws -> (Double, [String: String]) {
        let large = size > 64
        switch kind {
        case .planeWave:
            func spec(_ frames: Int) -> SimulationSpec {
                var parameters = PlaneWaveParameters()
                parameters.gridSize = size
                parameters.frameCount = frames
                return .planeWave(parameters)
            }
            let frames = large ? 200 : 2000
            return (try differential(spec(10), spec(10 + frames), units: frames, repeats: repeats), ["frames": "\(frames)"])
        case .dendrite:
            func spec(_ steps: Int) -> SimulationSpec {
                var parameters = DendriteParameters(latentHeat: 1.6)
                parameters.gridSize = size
                parameters.outputSize = size / 4
                parameters.frameCount = 2
                parameters.stepsPerFrame = steps
                return .dendrite(parameters)
            }
            let steps = large ? 400 : 2000
            return (try differential(spec(10), spec(10 + steps), units: steps, repeats: repeats), ["steps": "\(steps)", "K": "1.6"])
        case .spinodal:
            func spec(_ steps: Int) -> SimulationSpec {
                var parameters = SpinodalParameters(composition: 0.5)
                parameters.gridSize = size
                parameters.frameCount = 2
                parameters.stepsPerFrame = steps
                return .spinodal(parameters)
            }
            let steps = large ? 1000 : 5000
            return (try differential(spec(10), spec(10 + steps), units: steps, repeats: repeats), ["steps": "\(steps)", "c0": "0.5"])
        case .grainGrowth:
            let grains = large ? 100 : 10
            func spec(_ steps: Int) -> SimulationSpec {
                var parameters = GrainGrowthParameters(grainCount: grains)
                parameters.gridSize = size
                parameters.outputSize = size / 4
                parameters.frameCount = 1
                parameters.stepsPerFrame = steps
                return .grainGrowth(parameters)
            }
            let steps = large ? 40 : 200
            return (try differential(spec(3), spec(3 + steps), units: steps, repeats: repeats),
                    ["steps": "\(steps) after 3", "grains": "\(grains)", "scheme": "windowed (margin 6, re-cut every 10)"])
        }
    }

    /// `(best t(long) − best t(short)) / units` in milliseconds.
    static func differential(_ short: SimulationSpec, _ long: SimulationSpec, units: Int, repeats: Int) throws -> Double {
        var shortBest = Double.infinity, longBest = Double.infinity
        for _ in 0..<repeats {
            shortBest = min(shortBest, try time { _ = try short.run(seed: 1) })
            longBest = min(longBest, try time { _ = try long.run(seed: 1) })
        }
        return max(longBest - shortBest, 0) / Double(units) * 1000
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Runs `python3 script arguments…` and returns its `results` list, or [] if it fails.
    static func runAnchor(script: String, arguments: [String]) -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return []
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let results = object["results"] as? [[String: Any]]
        else { return [] }
        return results
    }
}
