import E3DLSTM
public import Foundation
import Preprocessing
import ProjectStore
import Tensor

/// What `operando evaluate` measured.
public struct EvaluationMetadata: Codable, Sendable {
    public var model: String
    /// Dataset id, or ids joined by commas when several were pooled.
    public var dataset: String
    public var split: String
    public var sequences: Int
    public var contextFrames: Int
    /// Mean over sequences, per lead time.
    public var metrics: LeadTimeMetrics
    /// Mean SSIM over the first `outputFrames` leads (the paper's 10-frame score).
    public var meanSSIMFirstLeads: Double
    /// Domain statistics: mean |predicted − true| per lead of solid fraction, Feret diameter
    /// (pixels) and solidity; for grain growth also the distance between grain-size histograms.
    public var solidFractionError: [Double]
    public var feretDiameterError: [Double]
    public var solidityError: [Double]
    public var rmseBelowPersistenceAtEveryLead: Bool
}

/// `operando evaluate --model W --dataset D`: per-lead-time scores against persistence.
public enum EvaluateWorkflow {
    public struct Outcome: Codable, Sendable {
        public var evaluation: String
        public var metadata: EvaluationMetadata
        public var rmseChart: String
        public var ssimChart: String
    }

    /// - Parameters:
    ///   - datasetReferences: one dataset, or several separated by commas (their sequences are
    ///     pooled, each sequence weighing the same).
    ///   - split: `test`, `validation`, `train` or `all` (of every dataset).
    ///   - horizon: frames to predict per sequence (capped by what each sequence has left).
    public static func run(
        project: Project, model reference: String, datasets datasetReferences: String, split: String, horizon: Int, outputFolder: URL,
        showProgress: Bool = true
    ) throws -> Outcome {
        let weights = try project.artifact(reference, .weights)
        let model = try SurrogateLoader.load(weights, project: project)
        guard ["test", "validation", "train", "all"].contains(split) else {
            throw OperandoError(.usage, "--split must be test, validation, train or all")
        }
        let datasets = try datasetReferences.split(separator: ",").map { try project.artifact(String($0), .dataset) }
        var ids: [String] = []
        for dataset in datasets {
            let metadata = try JSON.decode(DatasetMetadata.self, from: dataset.metadata)
            let chosen = switch split {
            case "test": metadata.test
            case "validation": metadata.validation
            case "train": metadata.train
            default: metadata.train + metadata.validation + metadata.test
            }
            guard !chosen.isEmpty else { throw OperandoError(.dataError, "dataset \(dataset.id) has no \(split) sequences; use --split all") }
            ids += chosen
        }
        let datasetIDs = datasets.map(\.id).joined(separator: ",")
        let datasetNames = datasets.map { $0.name ?? $0.id }.joined(separator: " + ")
        let context = model.configuration.inputFrames
        let progress = ProgressReporter(label: "evaluate", total: ids.count, enabled: showProgress ? nil : false)
        var perSequence: [LeadTimeMetrics] = []
        var fraction: [[Double]] = [], feret: [[Double]] = [], solidity: [[Double]] = []
        for id in ids {
            let frames = try StackLoader.load(try project.database.artifact(id), project: project).frames
            let available = frames.shape[0] - context
            guard available >= 1 else { throw OperandoError(.dataError, "\(id) has \(frames.shape[0]) frames; evaluation needs more than \(context)") }
            let steps = min(horizon, available)
            let input = frames.slice(axis: 0, range: 0..<context)
            let truth = frames.slice(axis: 0, range: context..<(context + steps))
            let predicted = try model.predict(context: input, frames: steps).reshaped(truth.shape)
            let last = input.slice(axis: 0, range: (context - 1)..<context).reshaped(Array(truth.shape.dropFirst()))
            perSequence.append(LeadTimeMetrics.measure(predicted: predicted, observed: truth, lastContext: last))
            let (p, t) = (Observables.measure(predicted), Observables.measure(truth))
            fraction.append(zip(p, t).map { abs($0.phaseFraction - $1.phaseFraction) })
            feret.append(zip(p, t).map { abs($0.feretDiameter - $1.feretDiameter) })
            solidity.append(zip(p, t).map { abs($0.solidity - $1.solidity) })
            progress.advance()
        }
        progress.finish()
        let mean = LeadTimeMetrics.mean(perSequence)
        func average(_ rows: [[Double]]) -> [Double] {
            let count = rows.map(\.count).min() ?? 0
            return (0..<count).map { index in rows.map { $0[index] }.reduce(0, +) / Double(rows.count) }
        }
        let firstLeads = min(model.configuration.outputFrames, mean.ssim.count)
        let evaluation = EvaluationMetadata(
            model: weights.id, dataset: datasetIDs, split: split, sequences: ids.count, contextFrames: context, metrics: mean,
            meanSSIMFirstLeads: mean.ssim.prefix(firstLeads).reduce(0, +) / Double(max(firstLeads, 1)),
            solidFractionError: average(fraction), feretDiameterError: average(feret), solidityError: average(solidity),
            rmseBelowPersistenceAtEveryLead: zip(mean.rmse, mean.persistenceRMSE).allSatisfy { $0 < $1 })
        let charts = mean.charts(title: "\(weights.name ?? weights.id) on \(datasetNames) (\(split), \(ids.count) sequences)")
        let parameters: [String: ParameterValue] = ["split": .text(split), "horizon": .integer(Int64(horizon))]
        let (stored, _) = try RunRecorder.record(project, kind: "evaluate", parameters: parameters, used: [(weights.id, "model")] + datasets.map { ($0.id, "dataset") }) { recorder in
            let draft = try recorder.artifact(
                .evaluation, name: "\(weights.name ?? weights.id) on \(datasetNames)", identity: "evaluate:\(weights.id):\(datasetIDs):\(split):\(horizon)",
                metadata: evaluation, files: ["rmse.svg": try recorder.put(Array(charts.rmse.utf8)), "ssim.svg": try recorder.put(Array(charts.ssim.utf8))])
            let results: [String: ParameterValue] = [
                "meanSSIM10": .real(evaluation.meanSSIMFirstLeads),
                "meanRMSE": .real(mean.rmse.reduce(0, +) / Double(max(mean.rmse.count, 1))),
                "persistenceRMSE": .real(mean.persistenceRMSE.reduce(0, +) / Double(max(mean.rmse.count, 1))),
            ]
            return ([draft], results, ())
        }
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let rmseURL = outputFolder.appendingPathComponent("\(stored[0].id)-rmse.svg")
        let ssimURL = outputFolder.appendingPathComponent("\(stored[0].id)-ssim.svg")
        try AtomicFile.write(Array(charts.rmse.utf8), to: rmseURL)
        try AtomicFile.write(Array(charts.ssim.utf8), to: ssimURL)
        return Outcome(evaluation: stored[0].id, metadata: evaluation, rmseChart: rmseURL.path, ssimChart: ssimURL.path)
    }
}
