import Dispatch
import Inference
import ProjectStore
public import Foundation
import PhaseField
import Preprocessing
import Tensor

/// Accuracy of `operando infer` on dendrites with known K, the way a user would meet them:
/// each stack is a Kobayashi simulation with random K, orientation, elliptical off-centre
/// nucleus and late camera start, rendered by a simulated microscope (×4 upsampling, blur,
/// Poisson + Gaussian noise, drift, hot pixels) into a 16-bit ImageJ TIFF with pixel size and
/// frame interval, then imported, preprocessed with the default recipe and inferred — once with
/// both units and once without `--time-unit` — through the same workflows as the CLI.
///
/// Targets (issue 7): with both units, median |K̂ − K|/K ≤ 3 %, 90th percentile ≤ 8 %, 95 %
/// intervals covering K in 85–100 % of stacks; without the time unit, median ≤ 6 %; once the
/// bank exists, ≤ 2 minutes per stack.
public enum InferenceAccuracyBenchmark {
    public struct Options: Sendable {
        public var stacks: Int
        public var prior: ClosedRange<Double>
        public var bankCount: Int
        public var bankReplicates: Int
        /// Fresh stacks, filmed and preprocessed like the benchmark's, for `operando calibrate
        /// --microscope` on each bank before the stacks (0: none).
        public var calibrationCount: Int
        public var withoutTimeUnit: Bool
        public var seed: UInt64

        public init(
            stacks: Int = 30, prior: ClosedRange<Double> = 0.8...2.4, bankCount: Int = 16, bankReplicates: Int = 3,
            calibrationCount: Int = 0, withoutTimeUnit: Bool = true, seed: UInt64 = 2026
        ) {
            self.stacks = stacks
            self.prior = prior
            self.bankCount = bankCount
            self.bankReplicates = bankReplicates
            self.calibrationCount = calibrationCount
            self.withoutTimeUnit = withoutTimeUnit
            self.seed = seed
        }
    }

    /// The physical set-up of every stack: 64² model frames of a 256² grid at dx = 0.03 shown
    /// ×4 at 0.3 µm per pixel (so one model length is 10 µm), a frame every 2 s of 80 steps of
    /// dt = 1e-4 (so one model time unit is 250 s), 40 frames.
    public static let frames = 40
    public static let pixelSizeMicrometres = 0.3
    public static let frameIntervalSeconds = 2.0
    public static let lengthUnit = Quantity(value: 10, unit: "um")
    public static let timeUnit = Quantity(value: 250, unit: "s")

    /// One inference of one stack.
    public struct Estimate: Codable, Sendable {
        public var mean: Double
        public var lower95: Double
        public var upper95: Double
        public var relativeError: Double
        public var covered95: Bool
        public var covered68: Bool
        public var flags: [String]
        public var seconds: Double
    }

    public struct StackResult: Codable, Sendable {
        public var index: Int
        public var trueK: Double
        public var theta0: Double
        public var skippedFrames: Int
        public var inference: String
        public var withUnits: Estimate
        public var withoutTimeUnit: Estimate?
        /// Import + preprocessing + inference with both units, seconds.
        public var secondsPerStack: Double
    }

    /// Median, 90th percentile and coverage over the stacks.
    public struct Score: Codable, Sendable {
        public var medianRelativeError: Double
        public var p90RelativeError: Double
        public var coverage95: Double
        public var coverage68: Double
        public var flagged: Int

        init(_ estimates: [Estimate]) {
            let errors = estimates.map(\.relativeError).sorted()
            medianRelativeError = InferenceAccuracyBenchmark.quantile(errors, 0.5)
            p90RelativeError = InferenceAccuracyBenchmark.quantile(errors, 0.9)
            coverage95 = Double(estimates.filter(\.covered95).count) / Double(max(estimates.count, 1))
            coverage68 = Double(estimates.filter(\.covered68).count) / Double(max(estimates.count, 1))
            flagged = estimates.filter { !$0.flags.isEmpty }.count
        }
    }

    public struct Summary: Codable, Sendable {
        public var stacks: Int
        public var withUnits: Score
        public var withoutTimeUnit: Score?
        public var medianSecondsPerStack: Double
        public var maximumSecondsPerStack: Double
        public var bankSeconds: Double
        public var calibrationSeconds: Double
        public var banks: [String]
        public var calibrations: [String]
        public var results: [StackResult]

        public var lines: [String] {
            var lines = results.map { r in
                String(format: "stack %2d  K %.3f  K̂ %.3f [%.3f, %.3f]  error %5.1f %%%@", r.index, r.trueK, r.withUnits.mean, r.withUnits.lower95,
                       r.withUnits.upper95, 100 * r.withUnits.relativeError, r.withUnits.covered95 ? "" : "  (not covered)")
                    + (r.withoutTimeUnit.map { String(format: "   no time unit: K̂ %.3f error %5.1f %%", $0.mean, 100 * $0.relativeError) } ?? "")
                    + (r.withUnits.flags.isEmpty ? "" : "  flags: " + r.withUnits.flags.joined(separator: ","))
            }
            lines.append(String(format: "both units: median |K̂−K|/K %.2f %% (≤ 3), p90 %.2f %% (≤ 8), 95 %% coverage %.0f %% (85–100), 68 %% coverage %.0f %%",
                                100 * withUnits.medianRelativeError, 100 * withUnits.p90RelativeError, 100 * withUnits.coverage95, 100 * withUnits.coverage68))
            if let withoutTimeUnit {
                lines.append(String(format: "no time unit: median %.2f %% (≤ 6), p90 %.2f %%, 95 %% coverage %.0f %%",
                                    100 * withoutTimeUnit.medianRelativeError, 100 * withoutTimeUnit.p90RelativeError, 100 * withoutTimeUnit.coverage95))
            }
            lines.append(String(format: "per stack (import + preprocess + infer): median %.1f s, max %.1f s (≤ 120); banks %.0f s, calibration %.0f s, built once",
                                medianSecondsPerStack, maximumSecondsPerStack, bankSeconds, calibrationSeconds))
            return lines
        }
    }

    /// The `index`-th stack of the benchmark: parameters drawn from `seed`.
    public static func experiment(index: Int, options: Options) -> (SyntheticDendriteStack, k: Double) {
        var random = SplitMix64(seed: SplitMix64.derivedSeed(master: options.seed, index: UInt64(index)))
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * Double(random.next() >> 11) / Double(1 << 53)
        }
        let k = uniform(options.prior)
        var parameters = DendriteParameters(latentHeat: k, orientation: uniform(0...(Double.pi / 3)))
        parameters.nucleus = DendriteNucleus(
            shape: .ellipse, radiusX: uniform(0.12...0.2), radiusY: uniform(0.12...0.2), offsetX: uniform(-0.2...0.2), offsetY: uniform(-0.2...0.2))
        let skipped = Int(random.next() % 5)
        var renderer = MicroscopeRenderer()
        renderer.seed = random.next()
        let stack = SyntheticDendriteStack(
            parameters: parameters, frames: frames, skippedFrames: skipped, seed: random.next(), renderer: renderer,
            pixelSizeMicrometres: pixelSizeMicrometres, frameIntervalSeconds: frameIntervalSeconds)
        return (stack, k)
    }

    /// Runs the benchmark in `project` (stacks are written under `incoming/accuracy/`; banks,
    /// calibrations and every inference stay in the project and are reused by a rerun).
    public static func run(project: Project, options: Options, log: (String) -> Void) throws -> Summary {
        var results: [StackResult] = []
        var bankSeconds = 0.0, calibrationSeconds = 0.0
        var banks: [String] = [], calibrations: [String] = []
        var prepared: [Bool: InferWorkflow.BankSetup] = [:]  // keyed by "time unit given"
        func setup(for stack: String, timeUnit: Quantity?) throws -> InferWorkflow.BankSetup {
            if let ready = prepared[timeUnit != nil] { return ready }
            let setup = try InferWorkflow.setup(
                project: project, stack: stack, prior: options.prior, lengthUnit: lengthUnit, timeUnit: timeUnit,
                count: options.bankCount, replicates: options.bankReplicates)
            let bankStart = DispatchTime.now()
            banks.append(try InferWorkflow.bank(project: project, setup: setup).0.id)
            bankSeconds += elapsed(since: bankStart)
            if options.calibrationCount > 0 {
                let calibrationStart = DispatchTime.now()
                let (id, report) = try InferWorkflow.calibrate(
                    project: project, setup: setup, count: options.calibrationCount,
                    stacks: .filmed(frames: frames, timeScaleKnown: timeUnit != nil), showProgress: false)
                calibrationSeconds += elapsed(since: calibrationStart)
                calibrations.append(id)
                InferWorkflow.lines(id, report).forEach(log)
            }
            prepared[timeUnit != nil] = setup
            return setup
        }
        for index in 0..<options.stacks {
            let (experiment, k) = self.experiment(index: index, options: options)
            let url = project.root.appendingPathComponent(String(format: "incoming/accuracy/stack-%02d-seed%llu.tif", index, options.seed))
            try experiment.write(to: url)
            let started = DispatchTime.now()
            let imported = ImportWorkflow.run(project: project, files: [url.path], options: .init(name: "accuracy-\(index)"))[0]
            guard let stack = imported.artifact else { throw OperandoError(.software, "accuracy stack \(index): \(imported.error ?? "import failed")") }
            let preprocessed = try PreprocessWorkflow.run(project: project, stack: stack, recipe: Recipe.defaultMicroscopy, name: "accuracy-\(index)-preprocessed").artifact
            let preparation = elapsed(since: started)
            let setupWithUnits = try setup(for: preprocessed, timeUnit: timeUnit)  // bank and calibration: once, not per stack
            let inferStart = DispatchTime.now()
            let outcome = try InferWorkflow.infer(project: project, stack: preprocessed, setup: setupWithUnits, timeUnit: timeUnit, truth: k, showProgress: false)
            let withUnits = estimate(outcome.result, truth: k, seconds: elapsed(since: inferStart))
            let perStack = preparation + withUnits.seconds
            var withoutTime: Estimate?
            if options.withoutTimeUnit {
                let setupWithoutTime = try setup(for: preprocessed, timeUnit: nil)
                let start = DispatchTime.now()
                let result = try InferWorkflow.infer(project: project, stack: preprocessed, setup: setupWithoutTime, timeUnit: nil, truth: k, showProgress: false).result
                withoutTime = estimate(result, truth: k, seconds: elapsed(since: start))
            }
            let result = StackResult(
                index: index, trueK: k, theta0: experiment.parameters.orientation, skippedFrames: experiment.skippedFrames,
                inference: outcome.inference, withUnits: withUnits, withoutTimeUnit: withoutTime, secondsPerStack: perStack)
            results.append(result)
            log(String(format: "stack %d/%d: K %.3f → %.3f (%.1f %%), %.1f s", index + 1, options.stacks, k, withUnits.mean, 100 * withUnits.relativeError, perStack))
        }
        let seconds = results.map(\.secondsPerStack).sorted()
        return Summary(
            stacks: results.count, withUnits: Score(results.map(\.withUnits)),
            withoutTimeUnit: options.withoutTimeUnit ? Score(results.compactMap(\.withoutTimeUnit)) : nil,
            medianSecondsPerStack: quantile(seconds, 0.5), maximumSecondsPerStack: seconds.last ?? 0,
            bankSeconds: bankSeconds, calibrationSeconds: calibrationSeconds, banks: banks, calibrations: calibrations, results: results)
    }

    static func estimate(_ result: InferenceResult, truth: Double, seconds: Double) -> Estimate {
        Estimate(
            mean: result.mean, lower95: result.interval95.lowerBound, upper95: result.interval95.upperBound,
            relativeError: abs(result.mean - truth) / truth, covered95: result.interval95.contains(truth),
            covered68: result.interval68.contains(truth), flags: result.flags.raised, seconds: seconds)
    }

    static func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// Linear-interpolated quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
