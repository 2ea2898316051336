import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando train --dataset D --layers 2 --hidden 16 --steps N`
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train an E3D-LSTM surrogate on a simulated dataset (checkpoints in the project; --resume RUN continues exactly).")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Dataset id or name.") var dataset: String?
        @Option(help: "Stacked E3D-LSTM cells.") var layers = 2
        @Option(help: "Hidden channels per cell.") var hidden = 16
        @Option(help: "Space-to-depth patch size (frames must be divisible by it).") var patch = 4
        @Option(help: "Eidetic attention history τ (past cell states attended to).") var history = 5
        @Option(help: "Optimiser updates.") var steps = 1000
        @Option(help: "Clips per update.") var batch = 8
        @Option(help: "Initial learning rate (cosine decay).") var learningRate: Float = 1e-3
        @Option(help: "Final learning rate.") var finalLearningRate: Float = 1e-5
        @Option(help: "Updates over which scheduled sampling hands the output phase from true frames to the model's own (default: half of --steps).")
        var samplingSteps: Int?
        @Option(help: "Validation every N updates.") var validateEvery = 100
        @Option(help: "Checkpoint every N updates.") var checkpointEvery = 250
        @Option(help: "Seed for initial weights, batches, augmentation and sampling.") var seed: UInt64 = 1
        @Flag(help: "Keep the pixel mean of each frame (spinodal decomposition).") var massConserving = false
        @Option(help: "Name of the weights.") var name: String?
        @Option(help: "Continue this train run from its newest checkpoint.") var resume: String?

        func validate() throws {
            if resume == nil && dataset == nil { throw ValidationError("give --dataset D (or --resume RUN)") }
            if steps < 1 || batch < 1 { throw ValidationError("--steps and --batch must be at least 1") }
            if let samplingSteps, samplingSteps < 1 { throw ValidationError("--sampling-steps must be at least 1") }
        }

        func run() throws {
            try reportingErrors {
                let opened = try project.open()
                let outcome: TrainWorkflow.Outcome
                if let resume {
                    outcome = try TrainWorkflow.resume(project: opened, run: resume)
                } else {
                    let configuration = SurrogateDefaults.configuration(layers: layers, hidden: hidden, patch: patch, history: history, massConserving: massConserving)
                    let training = SurrogateDefaults.training(steps: steps, batch: batch, learningRate: learningRate, finalLearningRate: finalLearningRate, samplingSteps: samplingSteps, seed: seed)
                    outcome = try TrainWorkflow.train(
                        project: opened, dataset: dataset!,
                        options: .init(configuration: configuration, training: training, validateEvery: validateEvery, checkpointEvery: checkpointEvery, name: name))
                }
                if output.json { return try printJSON(outcome) }
                print("weights \(outcome.weights)  (run \(outcome.run), \(outcome.steps) steps, \(String(format: "%.0f", outcome.wallSeconds)) s, train loss \(outcome.finalTrainLoss.map { String(format: "%.4f", $0) } ?? "-"), validation \(outcome.finalValidationLoss.map { String(format: "%.4f", $0) } ?? "-"))")
            }
        }
    }

    /// `operando finetune --model W --stack S [--freeze 1]`
    struct Finetune: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fine-tune weights on clips of an observed, preprocessed stack.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Weights id or name.") var model: String
        @Option(help: "Preprocessed stack id or name.") var stack: String
        @Option(help: "Keep the first N cells fixed.") var freeze = 1
        @Option(help: "Optimiser updates.") var steps = 100
        @Option(help: "Learning rate.") var learningRate: Float = 1e-4
        @Option(help: "Seed.") var seed: UInt64 = 1
        @Option(help: "Name of the new weights.") var name: String?

        func run() throws {
            try reportingErrors {
                let outcome = try TrainWorkflow.finetune(
                    project: try project.open(), weights: model, stack: stack, steps: steps, freezeLayers: freeze, learningRate: learningRate, seed: seed, name: name)
                if output.json { return try printJSON(outcome) }
                print("weights \(outcome.weights)  (fine-tuned from \(model), run \(outcome.run))")
            }
        }
    }

    /// `operando predict --model W --stack S --from-frame 10 --frames 50`
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Roll the surrogate out from observed frames; writes a prediction artifact and a montage PNG (observed / predicted / |error|).")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Weights id or name.") var model: String
        @Option(help: "Preprocessed stack, simulation or prediction id or name.") var stack: String
        @Option(help: "Predict after this many frames (the model reads the frames just before).") var fromFrame = 10
        @Option(help: "Frames to predict.") var frames = 10
        @Option(help: "Also write the prediction as a TIFF here.") var tiff: String?

        func run() throws {
            try reportingErrors {
                let opened = try project.open()
                let outcome = try PredictWorkflow.run(
                    project: opened, model: model, stack: stack, fromFrame: fromFrame, frames: frames, outputFolder: opened.outputsFolder, tiff: tiff)
                if output.json { return try printJSON(outcome) }
                print("prediction \(outcome.prediction)  \(outcome.shape) in \(String(format: "%.2f", outcome.wallSeconds)) s")
                if let metrics = outcome.metrics, !metrics.rmse.isEmpty {
                    print("lead  RMSE    SSIM    persistence RMSE")
                    for index in metrics.leads.indices {
                        print(String(format: "%4d  %.4f  %.4f  %.4f", metrics.leads[index], metrics.rmse[index], metrics.ssim[index], metrics.persistenceRMSE[index]))
                    }
                }
                print("montage \(outcome.montage)")
                if let tiff = outcome.tiff { print("tiff \(tiff)") }
            }
        }
    }

    /// `operando evaluate --model W --dataset D`
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score a surrogate per lead time (RMSE, SSIM) against persistence on a dataset.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Weights id or name.") var model: String
        @Option(help: "Dataset id or name; several separated by commas are pooled.") var dataset: String
        @Option(help: "test, validation, train or all.") var split = "test"
        @Option(help: "Frames to predict per sequence.") var horizon = 10

        func run() throws {
            try reportingErrors {
                let opened = try project.open()
                let outcome = try EvaluateWorkflow.run(project: opened, model: model, datasets: dataset, split: split, horizon: horizon, outputFolder: opened.outputsFolder)
                if output.json { return try printJSON(outcome) }
                let metrics = outcome.metadata.metrics
                print("evaluation \(outcome.evaluation): \(outcome.metadata.sequences) sequences, mean SSIM over the first leads \(String(format: "%.3f", outcome.metadata.meanSSIMFirstLeads))")
                print("lead  RMSE    persistence  SSIM    persistence")
                for index in metrics.leads.indices {
                    print(String(format: "%4d  %.4f  %.4f       %.4f  %.4f", metrics.leads[index], metrics.rmse[index], metrics.persistenceRMSE[index], metrics.ssim[index], metrics.persistenceSSIM[index]))
                }
                print("charts \(outcome.rmseChart) \(outcome.ssimChart)")
            }
        }
    }
}
