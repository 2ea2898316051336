import E3DLSTM
import Foundation
import Inference
import ProjectStore
import Tensor
import Testing
import TestSupport
@testable import Workflows

/// The surrogate engine of `operando infer` on a tiny project: a one-sequence dendrite dataset
/// (64² cells → 16² pixels, 8 frames), an E3D-LSTM trained for a single update on it (untrained
/// for all purposes) and real dendrite stacks.
struct SurrogateEngineTests {
    static let configuration = E3DLSTMConfiguration(
        layers: 1, hiddenChannels: 4, patchSize: 4, historyLength: 2, kernelSize: 3, inputFrames: 4, outputFrames: 2)
    /// 250 s per model time unit: a 2 s frame interval is the bank's 80 × 1e-4 = 0.008.
    static let timeUnit = Quantity(value: 250, unit: "s")

    /// A project holding the tiny weights; returns it and the weights id.
    static func projectWithWeights(_ folder: TemporaryDirectory) throws -> (Project, String) {
        let project = try Project.create(at: folder.path("p"))
        let request = SweepRequest(
            model: "dendrite", name: "tiny", count: 1, frames: 8, seed: 3, ranges: ["K": 1.2...2.0], gridSize: 64, outputSize: 16)
        let dataset = try #require(try SimulateWorkflow.runLocally(project: project, manifest: try request.manifest(), jobs: 1, showProgress: false).dataset)
        let options = TrainWorkflow.Options(
            configuration: configuration, training: TrainingOptions(totalSteps: 1, batchSize: 1, seed: 5), validateEvery: 1,
            checkpointEvery: 1, name: "tiny", showProgress: false)
        return (project, try TrainWorkflow.train(project: project, dataset: dataset, options: options).weights)
    }

    /// Stores `frames` `[T, H, W]` as a preprocessed stack with frames 2 s apart.
    static func store(_ frames: Tensor, name: String, in project: Project) throws -> String {
        let (stored, _) = try RunRecorder.record(project, kind: "test-stack", parameters: [:]) { recorder in
            let metadata = FrameSequenceMetadata(
                shape: frames.shape, pixelSize: nil, frameInterval: Quantity(value: 2, unit: "s"), valueMeaning: "fraction solid [0, 1]")
            let draft = try recorder.artifact(
                .preprocessedStack, name: name, identity: "test-stack:\(name)", metadata: metadata,
                files: ["data": try recorder.put(NPY.encode(frames))])
            return ([draft], [:], ())
        }
        return stored[0].id
    }

    @Test func surrogateInferenceIsLinkedToItsWeightsAndFlaggedAgainstTheSimulator() throws {
        let folder = try TemporaryDirectory()
        let (project, weights) = try Self.projectWithWeights(folder)
        // A real dendrite, K = 1.6, 12 frames on the grid the stack maps to (16 px × 4 cells).
        let truth = InferWorkflow.BankSetup(prior: 0.8...2.4, frames: 12, gridSize: 64, outputSize: 16).simulator
        let stack = try Self.store(try truth.simulate(parameters: ["K": 1.6, "nucleusRadius": 0.2], seed: 99), name: "dendrite", in: project)

        let setup = try InferWorkflow.setup(
            project: project, stack: stack, prior: 0.8...2.4, lengthUnit: nil, timeUnit: Self.timeUnit, count: 4, replicates: 2, model: weights)
        #expect(setup.engine == .surrogate(weights: weights) && setup.frames == 21 && setup.gridSize == 64)
        // The surrogate's runs are the simulator's for the 4 context frames, then the rollout.
        let surrogate = try #require(try setup.forwardModel(project: project) as? SurrogateForwardModel)
        let parameters = ["K": 1.3, "theta0": 0.2, "nucleusRadius": 0.15]
        let rolled = try surrogate.simulate(parameters: parameters, seed: 7)
        let simulated = try setup.simulator.simulate(parameters: parameters, seed: 7)
        #expect(rolled.shape == [21, 16, 16] && simulated.shape == [21, 16, 16])
        #expect(rolled.slice(axis: 0, range: 0..<4) == simulated.slice(axis: 0, range: 0..<4))
        #expect(rolled.slice(axis: 0, range: 4..<21) != simulated.slice(axis: 0, range: 4..<21))

        let outcome = try InferWorkflow.infer(project: project, stack: stack, setup: setup, timeUnit: Self.timeUnit, checkRuns: 2, showProgress: false)
        // The artifact exists, records the engine and the weights, and its run used them.
        let artifact = try project.database.artifact(outcome.inference)
        let summary = try JSON.decode(InferenceSummary.self, from: artifact.metadata)
        #expect(artifact.kind == "inference" && outcome.engine == "surrogate" && outcome.weights == weights)
        #expect(summary.engine == "surrogate" && summary.weights == weights && summary.engineCheck == outcome.result.engineCheck)
        let run = try #require(try project.database.runs(kind: "infer").first)
        #expect(try project.database.values(of: run.id, role: "parameter")["engine"] == .text("surrogate"))
        let results = try project.database.values(of: run.id, role: "result")
        #expect(results["checkRuns"] == .integer(4) && results["forwardRuns"] == .integer(8))
        let edges = try project.database.edges(ofRun: run.id)
        #expect(edges.contains { $0.artifactId == weights && $0.relation == .used && $0.role == "model" })
        #expect(try project.database.lineage(of: outcome.inference).artifacts.contains { $0.id == weights })
        // A surrogate bank is its own artifact: the simulator set-up's identity plus the weights.
        let bank = try project.database.artifact(outcome.bank)
        var simulatorSetup = setup
        simulatorSetup.engine = .simulator
        #expect(bank.identity == simulatorSetup.identity + ":surrogate:\(weights)")
        #expect(try project.database.lineage(of: bank.id).artifacts.contains { $0.id == weights })
        // Forward runs and wall time as for the simulator engine, plus the check's.
        let check = try #require(outcome.result.engineCheck)
        #expect(outcome.result.forwardRuns == 8 && summary.forwardRuns == 8 && summary.wallSeconds > 0)
        #expect(check.runs == 2 && check.wallSeconds > 0 && check.degreesOfFreedom == 60)
        // An untrained surrogate does not grow the simulator's dendrite.
        #expect(check.disagree && outcome.result.flags.surrogateSimulatorDisagree, "χ² \(check.chiSquare), bias \(check.standardisedBias) σ")
        #expect(summary.flags.contains("surrogateSimulatorDisagree"))
        #expect(outcome.lines.contains { $0.hasPrefix("engine surrogate (weights \(weights))") && $0.hasSuffix("disagree") })
        let report = try String(contentsOfFile: try ReportWorkflow.run(project: project, reference: outcome.inference).path, encoding: .utf8)
        #expect(report.contains("surrogate (weights \(weights))") && report.contains("simulator check at the estimate"))
    }

    @Test func weightsThatCannotServeAreRefusedByName() throws {
        let folder = try TemporaryDirectory()
        let (project, weights) = try Self.projectWithWeights(folder)
        // Frame size: trained on 16², the stack is 24² (a multiple of the patch, so only the size is wrong).
        let wide = try Self.store(Tensor(zeros: [6, 24, 24]), name: "wide", in: project)
        let setup = try InferWorkflow.setup(
            project: project, stack: wide, prior: 0.8...2.4, lengthUnit: nil, timeUnit: Self.timeUnit, count: 4, replicates: 1, model: weights)
        let sizeError = try #require(throws: OperandoError.self) {
            try InferWorkflow.infer(project: project, stack: wide, setup: setup, timeUnit: Self.timeUnit, showProgress: false)
        }
        #expect(sizeError.code == .usage && sizeError.message.contains("weights \(weights) (tiny)"))
        #expect(sizeError.message.contains("trained on 16×16 frames") && sizeError.message.contains("24×24"))
        #expect(try project.database.artifacts(kind: "bank").isEmpty)

        // Patch: imported weights (no training set recorded) with patch 3 on a 16² stack.
        let patched = E3DLSTMConfiguration(layers: 1, hiddenChannels: 4, patchSize: 3, historyLength: 2, kernelSize: 3, inputFrames: 4, outputFrames: 2)
        try Data(try E3DLSTMModel(configuration: patched, seed: 1).weightsSafetensors()).write(to: folder.path("w.safetensors"))
        let architecture = WeightsArchitecture(model: "e3d-lstm", configuration: try JSON.decode(JSONValue.self, from: try JSON.encode(patched)))
        try Data(try JSON.encode(architecture)).write(to: folder.path("arch.json"))
        let imported = try WeightsImport.run(project: project, weights: folder.path("w.safetensors"), architecture: folder.path("arch.json"), trainedOn: nil)
        let small = try Self.store(Tensor(zeros: [6, 16, 16]), name: "small", in: project)
        let patchSetup = try InferWorkflow.setup(
            project: project, stack: small, prior: 0.8...2.4, lengthUnit: nil, timeUnit: Self.timeUnit, count: 4, replicates: 1, model: imported.weights)
        let patchError = try #require(throws: OperandoError.self) {
            try InferWorkflow.infer(project: project, stack: small, setup: patchSetup, timeUnit: Self.timeUnit, showProgress: false)
        }
        #expect(patchError.code == .usage && patchError.message.contains("weights \(imported.weights)"))
        #expect(patchError.message.contains("patch size 3 does not divide the stack's 16×16 frames"))
        // Not weights at all.
        let notWeights = try #require(throws: (any Error).self) {
            try InferWorkflow.setup(
                project: project, stack: small, prior: 0.8...2.4, lengthUnit: nil, timeUnit: Self.timeUnit, count: 4, replicates: 1, model: small)
        }
        #expect(String(describing: notWeights).contains(small))
    }
}
