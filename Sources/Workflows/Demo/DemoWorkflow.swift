public import Foundation
import Inference
import PhaseField
import Preprocessing
import ProjectStore
import Tensor

/// `operando demo [DIR]`: the whole workbench on a synthetic experiment — simulate a training
/// set, train a surrogate, film a dendrite with a hidden K through a simulated microscope,
/// import, preprocess, predict, infer K, report. Every step is an ordinary workflow, so the
/// demo's project is a normal project; rerunning it reuses what is already there.
public enum DemoWorkflow {
    public struct Outcome: Codable, Sendable {
        public var project: String
        public var dataset: String
        public var weights: String
        public var stack: String
        public var preprocessed: String
        public var prediction: String
        public var inference: String
        public var hiddenK: Double
        public var estimatedK: Double
        public var interval95: [Double]
        public var flags: [String]
        public var reports: [String]
        public var lineage: [String]
        public var wallSeconds: Double
    }

    public static func run(directory: URL, recipe: DemoRecipe, log: @escaping (String) -> Void) throws -> Outcome {
        let started = Date()
        func step(_ text: String) { log(String(format: "[%5.0f s] ", Date().timeIntervalSince(started)) + text) }
        let project = FileManager.default.fileExists(atPath: directory.appendingPathComponent(Project.databaseName).path)
            ? try Project.open(at: directory) : try Project.create(at: directory)
        step("project \(project.root.path)")

        step("1/7 simulating \(recipe.trainingCount) dendrites (K \(recipe.kLow)–\(recipe.kHigh), \(recipe.gridSize)² → \(recipe.outputSize)², \(recipe.trainingFrames) frames)")
        let sweep = SweepRequest(
            model: "dendrite", name: "demo-training-set", count: recipe.trainingCount, frames: recipe.trainingFrames, seed: recipe.seed,
            ranges: ["K": recipe.kLow...recipe.kHigh], gridSize: recipe.gridSize, outputSize: recipe.outputSize)
        let ingest = try SimulateWorkflow.runLocally(project: project, manifest: try sweep.manifest(), jobs: ProcessInfo.processInfo.activeProcessorCount)
        guard let dataset = ingest.dataset else { throw OperandoError(.software, "the demo's sweep did not complete: \(ingest.failed)") }

        step("2/7 training a \(recipe.layers)×\(recipe.hidden) E3D-LSTM for \(recipe.steps) updates (batch \(recipe.batch))")
        let weights = try existingWeights(project: project, dataset: dataset, name: "demo-surrogate") ?? TrainWorkflow.train(
            project: project, dataset: dataset,
            options: .init(
                configuration: SurrogateDefaults.configuration(layers: recipe.layers, hidden: recipe.hidden, patch: recipe.patch, history: 5, massConserving: false),
                training: SurrogateDefaults.training(steps: recipe.steps, batch: recipe.batch, learningRate: 1e-3, finalLearningRate: 1e-5, seed: recipe.seed),
                validateEvery: max(1, recipe.steps / 10), checkpointEvery: max(1, recipe.steps / 2), name: "demo-surrogate")).weights

        step("3/7 filming a dendrite with hidden K = \(recipe.hiddenK) through a simulated microscope (blur, shot noise, drift, hot pixels, 16-bit)")
        let tiff = try microscopeStack(project: project, recipe: recipe)

        step("4/7 importing \(tiff.lastPathComponent) and preprocessing it (hot pixels → drift → resize → NLM → solid = 1)")
        let imported = ImportWorkflow.run(
            project: project, files: [tiff.path],
            options: .init(name: "demo-microscope-stack"))[0]
        guard let stack = imported.artifact else { throw OperandoError(.software, "demo import failed: \(imported.error ?? "")") }
        let preprocessed = try PreprocessWorkflow.run(project: project, stack: stack, recipe: Recipe.defaultMicroscopy, name: "demo-preprocessed")

        step("5/7 predicting \(recipe.predictFrames) frames after frame \(recipe.predictFrom)")
        let prediction = try PredictWorkflow.run(
            project: project, model: weights, stack: preprocessed.artifact, fromFrame: recipe.predictFrom, frames: recipe.predictFrames,
            outputFolder: project.outputsFolder)

        step("6/7 inferring K (bank of \(recipe.bankCount * recipe.bankReplicates) simulations, built once and reused)")
        let lengthUnit = Quantity(value: recipe.lengthUnitMicrometres, unit: "um")
        let timeUnit = Quantity(value: recipe.timeUnitSeconds, unit: "s")
        let setup = try InferWorkflow.setup(
            project: project, stack: preprocessed.artifact, prior: recipe.priorLow...recipe.priorHigh, lengthUnit: lengthUnit, timeUnit: timeUnit,
            count: recipe.bankCount, replicates: recipe.bankReplicates)
        if recipe.calibrationCount > 0, try InferWorkflow.existingCalibration(project: project, setup: setup) == nil {
            step("6/7 calibrating the bank on \(recipe.calibrationCount) fresh stacks filmed by the same microscope (simulation-based calibration)")
            let (id, report) = try InferWorkflow.calibrate(
                project: project, setup: setup, count: recipe.calibrationCount, stacks: .filmed(frames: recipe.stackFrames, timeScaleKnown: true))
            InferWorkflow.lines(id, report).forEach { step("    " + $0) }
        }
        let inference = try InferWorkflow.infer(project: project, stack: preprocessed.artifact, setup: setup, timeUnit: timeUnit, truth: recipe.hiddenK)

        step("7/7 writing reports")
        let reports = try [inference.inference, prediction.prediction, weights].map { try ReportWorkflow.run(project: project, reference: $0).path }
        let graph = try project.database.lineage(of: inference.inference)
        let lineage = graph.runs.map { run in
            let outputs = graph.edges.filter { $0.runId == run.id && $0.relation == .generated }.map(\.artifactId)
            return "\(run.kind.padding(toLength: 17, withPad: " ", startingAt: 0)) \(run.id) → \(outputs.joined(separator: ", "))"
        }
        return Outcome(
            project: project.root.path, dataset: dataset, weights: weights, stack: stack, preprocessed: preprocessed.artifact,
            prediction: prediction.prediction, inference: inference.inference, hiddenK: recipe.hiddenK, estimatedK: inference.result.mean,
            interval95: [inference.result.interval95.lowerBound, inference.result.interval95.upperBound], flags: inference.result.flags.raised,
            reports: reports, lineage: lineage, wallSeconds: Date().timeIntervalSince(started))
    }

    /// Weights of this name already trained on this dataset (a rerun of the demo reuses them).
    static func existingWeights(project: Project, dataset: String, name: String) throws -> String? {
        try project.database.artifacts(kind: ArtifactKind.weights.rawValue).last { record in
            record.name == name && (try? JSON.decode(WeightsMetadata.self, from: record.metadata))?.dataset == dataset
        }?.id
    }

    /// Simulates the hidden dendrite, renders it as a 16-bit microscope stack ×4 upsampled and
    /// writes an ImageJ TIFF with its pixel size and frame interval (once).
    static func microscopeStack(project: Project, recipe: DemoRecipe) throws -> URL {
        let url = project.root.appendingPathComponent("incoming/demo-microscope-K\(recipe.hiddenK)-seed\(recipe.seed).tif")
        var parameters = DendriteParameters(latentHeat: recipe.hiddenK, orientation: 0.35)
        parameters.gridSize = recipe.gridSize
        parameters.outputSize = recipe.outputSize
        parameters.nucleus = DendriteNucleus(shape: .ellipse, radiusX: 0.18, radiusY: 0.13, offsetX: 0.2, offsetY: -0.15)
        var renderer = MicroscopeRenderer()
        renderer.seed = recipe.seed
        let experiment = SyntheticDendriteStack(
            parameters: parameters, frames: recipe.stackFrames, seed: recipe.seed ^ 0xDE40, renderer: renderer,
            pixelSizeMicrometres: recipe.pixelSizeMicrometres, frameIntervalSeconds: recipe.frameIntervalSeconds)
        try experiment.write(to: url)
        return url
    }
}
