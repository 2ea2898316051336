public import E3DLSTM
public import Foundation
import Hashing
import NN
import ProjectStore
import Tensor

/// `operando train` and `operando finetune`: fit an E3D-LSTM on clips, with checkpoints in the
/// project and an exact resume.
public enum TrainWorkflow {
    public struct Options: Sendable {
        public var configuration: E3DLSTMConfiguration
        public var training: TrainingOptions
        /// Validation loss every this many updates (and at the end).
        public var validateEvery: Int
        /// A checkpoint every this many updates (and at the end).
        public var checkpointEvery: Int
        public var name: String?
        public var showProgress: Bool

        public init(configuration: E3DLSTMConfiguration, training: TrainingOptions, validateEvery: Int = 100, checkpointEvery: Int = 250, name: String? = nil, showProgress: Bool = true) {
            self.configuration = configuration
            self.training = training
            self.validateEvery = validateEvery
            self.checkpointEvery = checkpointEvery
            self.name = name
            self.showProgress = showProgress
        }
    }

    public struct Outcome: Codable, Sendable {
        public var weights: String
        public var run: String
        public var steps: Int
        public var finalTrainLoss: Double?
        public var finalValidationLoss: Double?
        public var wallSeconds: Double
    }

    /// Trains on a dataset's train split, validating on its validation split.
    public static func train(project: Project, dataset reference: String, options: Options) throws -> Outcome {
        let dataset = try project.artifact(reference, .dataset)
        let (train, validation) = try clipSets(dataset, length: options.configuration.clipLength, project: project)
        let model = try E3DLSTMModel(configuration: options.configuration, seed: options.training.seed)
        let trainer = try E3DLSTMTrainer(model: model, options: options.training)
        return try run(
            project: project, kind: "train", trainer: trainer, train: train, validation: validation, options: options,
            used: [(dataset.id, "dataset")], dataset: dataset.id, parent: nil, stack: nil, resumedCurve: nil)
    }

    /// Continues a killed or finished `train` run from its newest checkpoint, exactly.
    public static func resume(project: Project, run reference: String, showProgress: Bool = true) throws -> Outcome {
        let previous = try project.database.run(reference)
        let checkpoints = try project.database.edges(ofRun: previous.id)
            .filter { $0.relation == .generated && $0.role == "checkpoint" }
            .map { try project.database.artifact($0.artifactId) }
        guard let newest = try checkpoints.max(by: { try checkpointStep($0) < checkpointStep($1) }) else {
            throw OperandoError(.noInput, "run \(previous.id) has no checkpoint to resume from")
        }
        let state = try JSON.decode(CheckpointMetadata.self, from: newest.metadata)
        let trainer = try E3DLSTMTrainer.resume(from: try project.blobs.get(try project.database.files(of: newest.id)["checkpoint"] ?? ""))
        guard let datasetId = state.dataset else { throw OperandoError(.usage, "only train runs resume; re-run finetune instead") }
        let (train, validation) = try clipSets(
            try project.database.artifact(datasetId), length: trainer.model.configuration.clipLength, project: project)
        let options = Options(
            configuration: trainer.model.configuration, training: trainer.options, validateEvery: state.validateEvery,
            checkpointEvery: state.checkpointEvery, name: state.name, showProgress: showProgress)
        return try run(
            project: project, kind: "train", trainer: trainer, train: train, validation: validation, options: options,
            used: [(datasetId, "dataset"), (newest.id, "resumed-from")], dataset: datasetId, parent: nil, stack: nil, resumedCurve: state.curve)
    }

    /// Fine-tunes weights on clips of an observed (preprocessed) stack.
    public static func finetune(project: Project, weights reference: String, stack stackReference: String, steps: Int, freezeLayers: Int, learningRate: Float, seed: UInt64, name: String?, showProgress: Bool = true) throws -> Outcome {
        let parent = try project.artifact(reference, .weights)
        let model = try SurrogateLoader.load(parent, project: project)
        let stack = try project.artifact(stackReference, .preprocessedStack, .simulation, .prediction, .stack)
        let frames = try StackLoader.load(stack, project: project).frames
        let length = model.configuration.clipLength
        let clips = ClipSet(sequences: [frames], length: length, stride: max(1, model.configuration.outputFrames / 2))
        guard !clips.clips.isEmpty else {
            throw OperandoError(.dataError, "\(stack.id) has \(frames.shape[0]) frames; fine-tuning needs at least \(length)")
        }
        let training = TrainingOptions(
            learningRate: learningRate, finalLearningRate: learningRate / 10, totalSteps: steps, batchSize: min(4, clips.clips.count),
            initialTruthProbability: 0, samplingDecaySteps: 1, augmentation: true, freezeLayers: freezeLayers, seed: seed)
        let trainer = try E3DLSTMTrainer(model: model, options: training)
        let options = Options(configuration: model.configuration, training: training, validateEvery: max(1, steps / 5), checkpointEvery: steps, name: name, showProgress: showProgress)
        return try run(
            project: project, kind: "finetune", trainer: trainer, train: clips, validation: clips, options: options,
            used: [(parent.id, "model"), (stack.id, "stack")], dataset: nil, parent: parent.id, stack: stack.id, resumedCurve: nil)
    }

    /// Training and validation clips of a dataset (validation falls back to the first training
    /// sequence when the split has none).
    static func clipSets(_ dataset: ArtifactRecord, length: Int, project: Project) throws -> (train: ClipSet, validation: ClipSet) {
        let metadata = try JSON.decode(DatasetMetadata.self, from: dataset.metadata)
        let train = ClipSet(sequences: try ClipSet.load(metadata.train, project: project), length: length, stride: metadata.clipStride)
        guard !train.clips.isEmpty else {
            throw OperandoError(.dataError, "dataset \(dataset.id) has no \(length)-frame clips (sequences have \(metadata.sequenceShape[0]) frames)")
        }
        let validationIds = metadata.validation.isEmpty ? Array(metadata.train.prefix(1)) : metadata.validation
        return (train, ClipSet(sequences: try ClipSet.load(validationIds, project: project), length: length, stride: metadata.clipStride))
    }

    struct CheckpointMetadata: Codable {
        var step: Int
        var dataset: String?
        var curve: TrainingCurve
        var validateEvery: Int
        var checkpointEvery: Int
        var name: String?
    }

    static func checkpointStep(_ artifact: ArtifactRecord) throws -> Int {
        try JSON.decode(CheckpointMetadata.self, from: artifact.metadata).step
    }

    static func run(
        project: Project, kind: String, trainer: E3DLSTMTrainer, train: ClipSet, validation: ClipSet, options: Options,
        used: [(String, String)], dataset: String?, parent: String?, stack: String?, resumedCurve: TrainingCurve?
    ) throws -> Outcome {
        let configuration = trainer.model.configuration
        let training = trainer.options
        let parameters: [String: ParameterValue] = [
            "layers": .integer(Int64(configuration.layers)), "hidden": .integer(Int64(configuration.hiddenChannels)),
            "patch": .integer(Int64(configuration.patchSize)), "history": .integer(Int64(configuration.historyLength)),
            "steps": .integer(Int64(training.totalSteps)), "batch": .integer(Int64(training.batchSize)),
            "learningRate": .real(Double(training.learningRate)), "finalLearningRate": .real(Double(training.finalLearningRate)),
            "freezeLayers": .integer(Int64(training.freezeLayers)), "startStep": .integer(Int64(trainer.stepCount)),
            "clips": .integer(Int64(train.clips.count)),
        ]
        let recorder = try RunRecorder.begin(project, kind: kind, parameters: parameters, seed: training.seed, used: used.map { (artifactId: $0.0, role: $0.1) })
        let started = Date()
        do {
            var curve = resumedCurve ?? TrainingCurve()
            let validationIndices = Array(0..<min(16, validation.clips.count))
            let validationBatch = validationIndices.isEmpty ? nil : validation.batch(validationIndices)
            let progress = ProgressReporter(label: kind, total: training.totalSteps - trainer.stepCount, enabled: options.showProgress ? nil : false)
            var running = 0.0, runningCount = 0
            func saveCheckpoint() throws {
                let bytes = try trainer.checkpoint()
                let blob = try recorder.put(bytes)
                let metadata = CheckpointMetadata(
                    step: trainer.stepCount, dataset: dataset, curve: curve, validateEvery: options.validateEvery,
                    checkpointEvery: options.checkpointEvery, name: options.name)
                let draft = try recorder.artifact(
                    .weights, name: "\(options.name ?? kind)@\(trainer.stepCount)", identity: "checkpoint:\(recorder.run.id):\(trainer.stepCount)",
                    metadata: metadata, files: ["checkpoint": blob], role: "checkpoint")
                try project.database.addOutputs(recorder.run.id, outputs: [draft])
            }
            while trainer.stepCount < training.totalSteps {
                let step = trainer.stepCount
                let batch = train.batch(train.sampleIndices(count: training.batchSize, seed: training.seed, step: step))
                let loss = Double(try trainer.step(clips: batch))
                running += loss
                runningCount += 1
                if runningCount == 10 || trainer.stepCount == training.totalSteps {
                    curve.trainSteps.append(trainer.stepCount)
                    curve.trainLoss.append(running / Double(runningCount))
                    running = 0
                    runningCount = 0
                }
                if let validationBatch, trainer.stepCount % options.validateEvery == 0 || trainer.stepCount == training.totalSteps {
                    curve.validationSteps.append(trainer.stepCount)
                    curve.validationLoss.append(Double(try trainer.validationLoss(clips: validationBatch)))
                }
                progress.advance(note: String(format: "loss %.4f", loss) + (curve.validationLoss.last.map { String(format: "  val %.4f", $0) } ?? ""))
                if trainer.stepCount % options.checkpointEvery == 0 && trainer.stepCount < training.totalSteps { try saveCheckpoint() }
            }
            progress.finish()
            try saveCheckpoint()
            let seconds = Date().timeIntervalSince(started)
            let weightsBytes = trainer.model.weightsSafetensors()
            let weightsBlob = try recorder.put(weightsBytes)
            let architectureBlob = try recorder.put(try JSON.encode(configuration))
            let metadata = WeightsMetadata(
                configuration: configuration, options: training, dataset: dataset, parent: parent, stack: stack,
                steps: trainer.stepCount, curve: curve, wallSeconds: seconds)
            let draft = try recorder.artifact(
                .weights, name: options.name ?? "\(kind)-\(configuration.layers)x\(configuration.hiddenChannels)",
                identity: "weights:\(SHA256.hexDigest(of: weightsBytes))", metadata: metadata,
                files: ["weights": weightsBlob, "architecture": architectureBlob])
            var results: [String: ParameterValue] = ["wallSeconds": .real(seconds)]
            if let last = curve.trainLoss.last { results["trainLoss"] = .real(last) }
            if let last = curve.validationLoss.last { results["validationLoss"] = .real(last) }
            let stored = try project.database.completeRun(recorder.run.id, outputs: [draft], results: results)
            return Outcome(
                weights: stored[0].id, run: recorder.run.id, steps: trainer.stepCount, finalTrainLoss: curve.trainLoss.last,
                finalValidationLoss: curve.validationLoss.last, wallSeconds: seconds)
        } catch {
            try? project.database.failRun(recorder.run.id, error: String(describing: error))
            throw error
        }
    }
}
