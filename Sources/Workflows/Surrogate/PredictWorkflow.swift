import E3DLSTM
public import Foundation
import Preprocessing
import ProjectStore
import Tensor

/// Metadata of a prediction artifact.
public struct PredictionMetadata: Codable, Sendable {
    public var shape: [Int]
    public var pixelSize: Quantity?
    public var frameInterval: Quantity?
    public var valueMeaning: String
    public var model: String
    public var stack: String
    /// The last context frame is frame `fromFrame − 1` of the stack (0-based).
    public var fromFrame: Int
    /// Scores where the stack continues past `fromFrame` (nil when nothing is observed).
    public var metrics: LeadTimeMetrics?
}

/// `operando predict`: roll the surrogate out from observed frames.
public enum PredictWorkflow {
    public struct Outcome: Codable, Sendable {
        public var prediction: String
        public var shape: [Int]
        public var metrics: LeadTimeMetrics?
        public var montage: String
        public var tiff: String?
        public var wallSeconds: Double
    }

    /// Predicts `frames` frames after frame `fromFrame − 1`, using the model's context length.
    /// Files (montage PNG, optional TIFF) are written to `outputFolder`.
    public static func run(
        project: Project, model reference: String, stack stackReference: String, fromFrame: Int, frames: Int,
        outputFolder: URL, tiff: String? = nil
    ) throws -> Outcome {
        let weights = try project.artifact(reference, .weights)
        let model = try SurrogateLoader.load(weights, project: project)
        let stack = try project.artifact(stackReference, .preprocessedStack, .simulation, .prediction, .stack)
        let loaded = try StackLoader.load(stack, project: project)
        guard stack.kind != ArtifactKind.stack.rawValue else {
            throw OperandoError(.usage, "\(stack.id) holds raw \(loaded.valueMeaning); preprocess it into the simulator convention first (operando preprocess \(stack.id) --default)")
        }
        let contextLength = model.configuration.inputFrames
        let total = loaded.frames.shape[0]
        guard fromFrame >= contextLength, fromFrame <= total else {
            throw OperandoError(.usage, "--from-frame must be between \(contextLength) (the model reads \(contextLength) frames) and \(total) (the stack's length)")
        }
        guard frames >= 1 else { throw OperandoError(.usage, "--frames must be at least 1") }
        let context = loaded.frames.slice(axis: 0, range: (fromFrame - contextLength)..<fromFrame)
        try model.validateInput(shape: [1] + context.shape)
        let started = Date()
        let predicted = try model.predict(context: context, frames: frames).reshaped([frames] + Array(context.shape.dropFirst()))
        let seconds = Date().timeIntervalSince(started)
        let observed = fromFrame < total ? loaded.frames.slice(axis: 0, range: fromFrame..<min(total, fromFrame + frames)) : nil
        let lastContext = context.slice(axis: 0, range: (contextLength - 1)..<contextLength).reshaped(Array(context.shape.dropFirst()))
        let metrics = observed.map { LeadTimeMetrics.measure(predicted: predicted, observed: $0, lastContext: lastContext) }
        let montage = PredictionMontage.png(predicted: predicted, observed: observed)
        let parameters: [String: ParameterValue] = ["fromFrame": .integer(Int64(fromFrame)), "frames": .integer(Int64(frames))]
        let (stored, _) = try RunRecorder.record(project, kind: "predict", parameters: parameters, used: [(weights.id, "model"), (stack.id, "stack")]) { recorder in
            let metadata = PredictionMetadata(
                shape: predicted.shape, pixelSize: loaded.pixelSize, frameInterval: loaded.frameInterval,
                valueMeaning: "predicted fraction solid [0, 1]", model: weights.id, stack: stack.id, fromFrame: fromFrame, metrics: metrics)
            let draft = try recorder.artifact(
                .prediction, name: "\(stack.name ?? stack.id)+\(frames)", identity: "predict:\(weights.id):\(stack.id):\(fromFrame):\(frames)",
                metadata: metadata, files: ["data": try recorder.put(NPY.encode(predicted)), "montage": try recorder.put(montage)])
            var results: [String: ParameterValue] = ["wallSeconds": .real(seconds)]
            if let metrics, !metrics.rmse.isEmpty {
                results["meanRMSE"] = .real(metrics.rmse.reduce(0, +) / Double(metrics.rmse.count))
                results["meanSSIM"] = .real(metrics.ssim.reduce(0, +) / Double(metrics.ssim.count))
                results["persistenceRMSE"] = .real(metrics.persistenceRMSE.reduce(0, +) / Double(metrics.rmse.count))
            }
            return ([draft], results, ())
        }
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let montageURL = outputFolder.appendingPathComponent("\(stored[0].id)-montage.png")
        try AtomicFile.write(montage, to: montageURL)
        var tiffPath: String?
        if let tiff {
            tiffPath = try ExportWorkflow.run(project: project, reference: stored[0].id, to: tiff).path
        }
        return Outcome(prediction: stored[0].id, shape: predicted.shape, metrics: metrics, montage: montageURL.path, tiff: tiffPath, wallSeconds: seconds)
    }
}
