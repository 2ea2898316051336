public import Foundation
import Hashing
public import Inference
import PhaseField
public import ProjectStore
import Tensor

/// `operando infer` and `operando calibrate`: the latent heat K of the dendrite model from an
/// observed stack, by a synthetic likelihood on a simulation bank (Docs/inference.md).
///
/// Banks and calibrations are artifacts: a bank is built once per simulation set-up (grid,
/// frames, prior, design, engine) and reused for every stack; the newest calibration of a bank
/// is applied automatically and cited.
public enum InferWorkflow {
    /// The forward model that fills the bank.
    public enum Engine: Sendable, Equatable {
        /// The Kobayashi simulator for every frame.
        case simulator
        /// The simulator for the surrogate's context frames, then an E3D-LSTM rollout
        /// (``SurrogateForwardModel``); the id of the weights artifact.
        case surrogate(weights: String)

        /// `simulator` or `surrogate`.
        public var name: String {
            switch self {
            case .simulator: "simulator"
            case .surrogate: "surrogate"
            }
        }

        /// The weights id of the surrogate engine.
        public var weights: String? {
            if case .surrogate(let weights) = self { return weights }
            return nil
        }
    }

    /// How the bank simulates.
    public struct BankSetup: Sendable {
        public var prior: ClosedRange<Double>
        public var count: Int
        public var replicates: Int
        public var frames: Int
        /// Simulation grid side and output side.
        public var gridSize: Int
        public var outputSize: Int
        public var seed: UInt64
        public var engine: Engine

        public init(
            prior: ClosedRange<Double>, count: Int = 16, replicates: Int = 3, frames: Int, gridSize: Int, outputSize: Int, seed: UInt64 = 1,
            engine: Engine = .simulator
        ) {
            self.prior = prior
            self.count = count
            self.replicates = replicates
            self.frames = frames
            self.gridSize = gridSize
            self.outputSize = outputSize
            self.seed = seed
            self.engine = engine
        }

        /// The simulator at the bank's grid, output side, frame count and spacing.
        var simulator: DendriteForwardModel {
            var template = DendriteParameters()
            template.frameCount = frames
            template.gridSize = gridSize
            template.outputSize = outputSize
            return DendriteForwardModel(template: template)
        }

        var design: BankDesign {
            BankDesign(
                parameter: "K", prior: prior, count: count, replicates: replicates,
                nuisances: ["theta0": 0...(Double.pi / 3), "nucleusRadius": 0.1...0.25], seed: seed)
        }

        /// Identity of the bank: everything that changes its contents (the weights too, for the
        /// surrogate engine).
        var identity: String {
            let model = simulator.template
            let simulated = "bank:dendrite:K:\(prior.lowerBound):\(prior.upperBound):\(count)x\(replicates):frames\(frames):grid\(gridSize)->\(outputSize):dx\(model.gridSpacing):dt\(model.timeStep):spf\(model.stepsPerFrame):seed\(seed):summary\(SimulationBank.summaryVersion):v\(SoftwareVersion.current)"
            return engine.weights.map { "\(simulated):surrogate:\($0)" } ?? simulated
        }

        /// The engine's forward model; the surrogate's weights are loaded and checked
        /// (``SurrogateForwardModel/load(weights:project:simulator:)``).
        func forwardModel(project: Project) throws -> any ForwardModel {
            guard let weights = engine.weights else { return simulator }
            return try SurrogateForwardModel.load(weights: try project.artifact(weights, .weights), project: project, simulator: simulator)
        }
    }

    public struct Outcome: Codable, Sendable {
        public var inference: String
        public var bank: String
        public var calibration: String?
        /// `simulator` or `surrogate`, and the surrogate's weights id.
        public var engine: String
        public var weights: String?
        public var result: InferenceResult
        public var posteriorSVG: String
        public var curvesSVG: String

        /// The result for a person: estimate, intervals, fit, flags, where the pictures are.
        public var lines: [String] {
            let r = result
            let flags = r.flags.raised.isEmpty ? "none" : r.flags.raised.joined(separator: ", ")
            var lines = [
                String(format: "K = %.3f ± %.3f  (MAP %.3f; 68%% [%.3f, %.3f]; 95%% [%.3f, %.3f])", r.mean, r.standardDeviation, r.map,
                       r.interval68.lowerBound, r.interval68.upperBound, r.interval95.lowerBound, r.interval95.upperBound),
                String(format: "fit p-value %.3g; ", r.goodnessOfFit.pValue) + "flags: \(flags); \(r.forwardRuns) forward runs",
                "inference \(inference)  bank \(bank)  calibration \(calibration ?? "none (run operando calibrate)")",
            ]
            if let weights, let check = r.engineCheck {
                lines.append(
                    "engine surrogate (weights \(weights)); simulator check at K̂: "
                        + String(format: "χ² %.1f on %d (p %.3g), K shift %+.3f ± %.3f (p %.3g), %d + %d runs → ", check.chiSquare,
                                 check.degreesOfFreedom, check.pValue, check.shift, check.shiftStandardError, check.shiftPValue, check.runs, check.runs)
                        + (check.disagree ? "disagree" : "agree"))
            }
            return lines + ["posterior \(posteriorSVG)", "curves \(curvesSVG)"]
        }
    }

    /// Finds or builds the bank for a set-up (a `build-bank` run; forward runs on all cores).
    public static func bank(project: Project, setup: BankSetup, showProgress: Bool = true) throws -> (ArtifactRecord, SimulationBank) {
        try bank(project: project, setup: setup, model: try setup.forwardModel(project: project), showProgress: showProgress)
    }

    /// Finds or builds the bank of `setup` with its engine's forward model `model`. A surrogate
    /// bank's run used the weights (role `model`).
    static func bank(project: Project, setup: BankSetup, model: any ForwardModel, showProgress: Bool) throws -> (ArtifactRecord, SimulationBank) {
        if let existing = try project.database.artifact(identity: setup.identity) {
            return (existing, try JSON.decode(SimulationBank.self, from: try project.blobs.get(try project.database.files(of: existing.id)["bank"] ?? "")))
        }
        let progress = ProgressReporter(label: setup.engine.weights == nil ? "simulation bank" : "surrogate bank", total: setup.design.runCount, enabled: showProgress ? nil : false)
        var parameters: [String: ParameterValue] = [
            "physics": .text("dendrite"), "parameter": .text("K"), "priorLow": .real(setup.prior.lowerBound),
            "priorHigh": .real(setup.prior.upperBound), "count": .integer(Int64(setup.count)), "replicates": .integer(Int64(setup.replicates)),
            "frames": .integer(Int64(setup.frames)), "grid": .integer(Int64(setup.gridSize)), "output": .integer(Int64(setup.outputSize)),
        ]
        var used: [(artifactId: String, role: String)] = []
        if let weights = setup.engine.weights {
            parameters["engine"] = .text(setup.engine.name)
            used.append((artifactId: weights, role: "model"))
        }
        let (stored, bank) = try RunRecorder.record(project, kind: "build-bank", parameters: parameters, seed: setup.seed, used: used) { recorder in
            let bank = try SimulationBank.build(model: model, design: setup.design, label: setup.identity) { _ in progress.advance() }
            progress.finish()
            let suffix = setup.engine.weights == nil ? "" : "-surrogate"
            let draft = try recorder.artifact(
                .bank, name: "dendrite-K-\(setup.count)x\(setup.replicates)-\(setup.outputSize)px-\(setup.frames)f\(suffix)", identity: setup.identity,
                metadata: BankMetadata(runs: bank.runs.count, frames: bank.frameCount, imageShape: bank.imageShape, frameInterval: bank.frameInterval, simulationSeconds: bank.simulationSeconds, prior: [setup.prior.lowerBound, setup.prior.upperBound]),
                files: ["bank": try recorder.put(try JSON.encode(bank))])
            return ([draft], ["simulationSeconds": .real(bank.simulationSeconds)], bank)
        }
        return (stored[0], bank)
    }

    /// The newest calibration of the bank a set-up would use, if that bank and a calibration exist.
    public static func existingCalibration(project: Project, setup: BankSetup) throws -> ArtifactRecord? {
        guard let bank = try project.database.artifact(identity: setup.identity) else { return nil }
        return try calibration(project: project, bank: bank)?.0
    }

    /// The newest calibration stored for a bank.
    static func calibration(project: Project, bank: ArtifactRecord) throws -> (ArtifactRecord, CalibrationCorrection)? {
        let candidates = try project.database.impact(of: bank.id).artifacts.filter { $0.kind == ArtifactKind.calibration.rawValue }
        guard let newest = candidates.max(by: { $0.createdAt < $1.createdAt }) else { return nil }
        let report = try JSON.decode(CalibrationReport.self, from: try project.blobs.get(try project.database.files(of: newest.id)["report"] ?? ""))
        return (newest, report.correction)
    }

    /// Maps the stack's calibration to model units: model time between frames, if both the
    /// frame interval and `timeUnit` (seconds per model time unit) are known.
    public static func timing(frameInterval: Quantity?, timeUnit: Quantity?) throws -> ObservationTiming {
        guard let timeUnit else { return .unknownScale }
        guard let frameInterval else {
            throw OperandoError(.dataError, "--time-unit needs the stack's frame interval; import it with --frame-interval")
        }
        let seconds = try TimeUnits.seconds(frameInterval), unit = try TimeUnits.seconds(timeUnit)
        return .known(frameInterval: seconds / unit)
    }

    /// The bank set-up that fits a stack: the output side is the stack's; the block factor (grid
    /// side / output side) maps one stack pixel to `pixelSize / lengthUnit` model lengths at
    /// dx = 0.03 (default 4, the paper's 256² → 64²); the bank runs long enough to cover the
    /// observed duration plus the time-origin search. `model` (a weights id or name) selects the
    /// surrogate engine.
    public static func setup(
        project: Project, stack reference: String, prior: ClosedRange<Double>, lengthUnit: Quantity?, timeUnit: Quantity?,
        count: Int, replicates: Int, model: String? = nil
    ) throws -> BankSetup {
        let engine = try model.map { Engine.surrogate(weights: try project.artifact($0, .weights).id) } ?? .simulator
        let stack = try project.artifact(reference, .preprocessedStack, .simulation, .prediction)
        let loaded = try StackLoader.load(stack, project: project)
        let (frames, side) = (loaded.frames.shape[0], loaded.frames.shape[1])
        guard loaded.frames.shape[2] == side else { throw OperandoError(.dataError, "\(stack.id) is \(loaded.frames.shape); inference needs square frames") }
        var block = 4
        if let lengthUnit {
            guard let pixel = loaded.pixelSize else { throw OperandoError(.dataError, "--length-unit needs the stack's pixel size; import it with --pixel-size") }
            let modelLengthPerPixel = try LengthUnits.micrometres(pixel) / LengthUnits.micrometres(lengthUnit)
            block = min(8, max(1, Int((modelLengthPerPixel / DendriteParameters().gridSpacing).rounded())))
        }
        let timing = try timing(frameInterval: loaded.frameInterval, timeUnit: timeUnit)
        let bankInterval = DendriteParameters().timeStep * Double(DendriteParameters().stepsPerFrame)
        let scale: Double
        switch timing {
        case .known(let interval): scale = interval / bankInterval
        case .matchesBank: scale = 1
        case .unknown(let range): scale = min(range.upperBound, 1.25)
        }
        let bankFrames = Int((Double(frames - 1) * scale * 1.1).rounded(.up)) + 8
        return BankSetup(
            prior: prior, count: count, replicates: replicates, frames: bankFrames, gridSize: side * block, outputSize: side, engine: engine)
    }

    /// Infers K for a stack. With the surrogate engine, the simulator is then run at the
    /// estimate (`checkRuns` runs, and as many surrogate runs) and the result carries the
    /// ``EngineDiscrepancy`` and its `surrogateSimulatorDisagree` flag.
    public static func infer(
        project: Project, stack reference: String, setup: BankSetup, timeUnit: Quantity?, truth: Double? = nil, checkRuns: Int = 4,
        showProgress: Bool = true
    ) throws -> Outcome {
        let stack = try project.artifact(reference, .preprocessedStack, .simulation, .prediction)
        let loaded = try StackLoader.load(stack, project: project)
        let timing = try timing(frameInterval: loaded.frameInterval, timeUnit: timeUnit)
        let model = try setup.forwardModel(project: project)
        let (bankRecord, bank) = try bank(project: project, setup: setup, model: model, showProgress: showProgress)
        let calibration = try calibration(project: project, bank: bankRecord)
        let inferencer = try Inferencer(bank: bank, correction: calibration?.1)
        var used: [(String, String)] = [(stack.id, "stack"), (bankRecord.id, "bank")]
        if let calibration { used.append((calibration.0.id, "calibration")) }
        if let weights = setup.engine.weights { used.append((weights, "model")) }
        let parameters: [String: ParameterValue] = [
            "physics": .text("dendrite"), "parameter": .text("K"), "priorLow": .real(setup.prior.lowerBound), "priorHigh": .real(setup.prior.upperBound),
            "timing": .text(String(describing: timing)), "engine": .text(setup.engine.name),
        ]
        let (stored, outcome) = try RunRecorder.record(project, kind: "infer", parameters: parameters, used: used.map { (artifactId: $0.0, role: $0.1) }) { recorder in
            var result = try inferencer.infer(observed: loaded.frames, timing: timing)
            if setup.engine.weights != nil {
                let progress = ProgressReporter(label: "simulator check", total: 2 * checkRuns, enabled: showProgress ? nil : false)
                let check = try inferencer.engineDiscrepancy(
                    simulator: setup.simulator, surrogate: model, observedFrames: loaded.frames.shape[0], result: result, runs: checkRuns
                ) { _ in progress.advance() }
                progress.finish()
                result = result.flaggingDisagreement(check)
            }
            let posterior = PosteriorPlot.svg(result, truth: truth)
            let curves = PosteriorPlot.summaryCurvesSVG(result)
            let draft = try recorder.artifact(
                .inference, name: "K of \(stack.name ?? stack.id)",
                identity: "infer:\(stack.id):\(bankRecord.id):\(calibration?.0.id ?? "-"):\(String(describing: timing))",
                metadata: InferenceSummary(
                    result: result, stack: stack.id, bank: bankRecord.id, calibration: calibration?.0.id, truth: truth, engine: setup.engine),
                files: ["result": try recorder.put(try JSON.encode(result)), "posterior.svg": try recorder.put(Array(posterior.utf8)), "curves.svg": try recorder.put(Array(curves.utf8))])
            var results: [String: ParameterValue] = [
                "K": .real(result.mean), "K_map": .real(result.map), "K_sd": .real(result.standardDeviation),
                "K_lo95": .real(result.interval95.lowerBound), "K_hi95": .real(result.interval95.upperBound),
                "K_lo68": .real(result.interval68.lowerBound), "K_hi68": .real(result.interval68.upperBound),
                "pValue": .real(result.goodnessOfFit.pValue), "flags": .text(result.flags.raised.joined(separator: ",")),
                "forwardRuns": .integer(Int64(result.forwardRuns)),
            ]
            if let check = result.engineCheck {
                results["checkRuns"] = .integer(Int64(2 * check.runs))
                results["checkSeconds"] = .real(check.wallSeconds)
                results["checkChiSquare"] = .real(check.chiSquare)
                results["checkPValue"] = .real(check.pValue)
                results["checkShift"] = .real(check.shift)
                results["checkShiftPValue"] = .real(check.shiftPValue)
            }
            return ([draft], results, (result, posterior, curves))
        }
        try FileManager.default.createDirectory(at: project.outputsFolder, withIntermediateDirectories: true)
        let posteriorURL = project.outputsFolder.appendingPathComponent("\(stored[0].id)-posterior.svg")
        let curvesURL = project.outputsFolder.appendingPathComponent("\(stored[0].id)-curves.svg")
        try AtomicFile.write(Array(outcome.1.utf8), to: posteriorURL)
        try AtomicFile.write(Array(outcome.2.utf8), to: curvesURL)
        return Outcome(
            inference: stored[0].id, bank: bankRecord.id, calibration: calibration?.0.id, engine: setup.engine.name, weights: setup.engine.weights,
            result: outcome.0,
            posteriorSVG: posteriorURL.path, curvesSVG: curvesURL.path)
    }

    /// Lines describing a calibration report for a person.
    public static func lines(_ id: String, _ report: CalibrationReport) -> [String] {
        let c = report.correction
        return [
            "calibration \(id): " + String(format: "coverage 68%% %.2f → %.2f, 95%% %.2f → %.2f with inflation %.2f", c.rawCoverage68, c.coverage68, c.rawCoverage95, c.coverage95, c.inflation),
            String(format: "median |K̂−K|/K %.3f, 90th percentile %.3f; ", report.medianRelativeError, report.p90RelativeError)
                + "rank histogram " + report.rankHistogram.map(String.init).joined(separator: " "),
        ]
    }

    /// Simulation-based calibration of a bank on `count` fresh simulated stacks (made as `stacks`
    /// says); stores the report (coverage, rank histogram, the inflation that later `infer` runs
    /// apply).
    public static func calibrate(
        project: Project, setup: BankSetup, count: Int, stacks: CalibrationStacks = CalibrationStacks(), showProgress: Bool = true
    ) throws -> (String, CalibrationReport) {
        let (bankRecord, bank) = try bank(project: project, setup: setup, showProgress: showProgress)
        if stacks.microscope && setup.outputSize != 64 {
            throw OperandoError(.usage, "microscope calibration stacks are preprocessed to 64² by the default recipe; the bank's frames are \(setup.outputSize)²")
        }
        let progress = ProgressReporter(label: "calibration stacks", total: count, enabled: showProgress ? nil : false)
        let design = stacks.design(count: count)
        let parameters: [String: ParameterValue] = [
            "count": .integer(Int64(count)), "stacks": .text(stacks.label),
        ]
        let (stored, report) = try RunRecorder.record(
            project, kind: "calibrate", parameters: parameters, used: [(artifactId: bankRecord.id, role: "bank")]
        ) { recorder in
            let report = try Calibration.run(model: setup.simulator, bank: bank, design: design, measurement: stacks.measurement) { _ in progress.advance() }
            progress.finish()
            let draft = try recorder.artifact(
                .calibration, name: "calibration of \(bankRecord.name ?? bankRecord.id)",
                identity: "calibrate:\(bankRecord.id):\(count):\(design.seed):\(stacks.label)",
                metadata: report.correction, files: ["report": try recorder.put(try JSON.encode(report))])
            let results: [String: ParameterValue] = [
                "inflation": .real(report.correction.inflation), "coverage68": .real(report.correction.coverage68),
                "coverage95": .real(report.correction.coverage95), "rawCoverage95": .real(report.correction.rawCoverage95),
                "medianRelativeError": .real(report.medianRelativeError), "p90RelativeError": .real(report.p90RelativeError),
            ]
            return ([draft], results, report)
        }
        return (stored[0].id, report)
    }
}

/// Metadata of a bank artifact.
public struct BankMetadata: Codable, Sendable {
    public var runs: Int
    public var frames: Int
    public var imageShape: [Int]
    public var frameInterval: Double
    public var simulationSeconds: Double
    public var prior: [Double]
}

/// Metadata of an inference artifact: the headline numbers (the full result is a blob).
public struct InferenceSummary: Codable, Sendable {
    public var parameter: String
    public var mean: Double
    public var map: Double
    public var standardDeviation: Double
    public var interval68: [Double]
    public var interval95: [Double]
    public var prior: [Double]
    public var flags: [String]
    public var pValue: Double
    public var stack: String
    public var bank: String
    public var calibration: String?
    public var truth: Double?
    public var forwardRuns: Int
    public var wallSeconds: Double
    /// `simulator` or `surrogate` (nil in inferences stored before the surrogate engine: simulator).
    public var engine: String?
    /// The surrogate's weights id.
    public var weights: String?
    /// The simulator-vs-surrogate check (surrogate engine).
    public var engineCheck: EngineDiscrepancy?

    init(result: InferenceResult, stack: String, bank: String, calibration: String?, truth: Double?, engine: InferWorkflow.Engine) {
        parameter = result.parameter
        mean = result.mean
        map = result.map
        standardDeviation = result.standardDeviation
        interval68 = [result.interval68.lowerBound, result.interval68.upperBound]
        interval95 = [result.interval95.lowerBound, result.interval95.upperBound]
        prior = [result.prior.lowerBound, result.prior.upperBound]
        flags = result.flags.raised
        pValue = result.goodnessOfFit.pValue
        self.stack = stack
        self.bank = bank
        self.calibration = calibration
        self.truth = truth
        forwardRuns = result.forwardRuns
        wallSeconds = result.wallSeconds
        self.engine = engine.name
        weights = engine.weights
        engineCheck = result.engineCheck
    }
}
