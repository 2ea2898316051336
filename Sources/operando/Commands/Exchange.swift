import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando export-dataset D out/`
    struct ExportDataset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-dataset",
            abstract: "Write a dataset's training clips as (N, T, C, H, W) float32 .npy arrays plus manifest.json, for PyTorch.",
            discussion: """
                Each split (train, validation, test) becomes <split>.npy of staggered 20-frame clips \
                (starts 0, 10, 20, … per sequence); manifest.json names the simulation, point and \
                start of every clip, the parameters, the training statistics and provenance ids. \
                Load with numpy.load(...) and torch.from_numpy(...); see Benchmarks/pytorch_roundtrip.py.
                """)

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The dataset (id, id prefix or name).") var dataset: String
        @Argument(help: "Folder to write into (created; must not hold an export already).") var folder: String

        func run() throws {
            try reportingErrors {
                let manifest = try DatasetExport.run(project: try project.open(), dataset: dataset, to: URL(fileURLWithPath: folder))
                if output.json { return try printJSON(manifest) }
                for name in ["train", "validation", "test"] {
                    guard let split = manifest.splits[name] else { continue }
                    print("\(name): \(split.file) \(split.shape.map(String.init).joined(separator: "×"))")
                }
                print("manifest.json written; export run \(manifest.exportRun)")
            }
        }
    }

    /// `operando import-weights W.safetensors --arch arch.json [--trained-on D]`
    struct ImportWeights: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-weights",
            abstract: "Store weights trained elsewhere (safetensors) as a weights artifact with provenance.",
            discussion: "The file must match the architecture (tensor names and shapes; see Docs/scale-out.md). Importing the same file twice stores it once.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The .safetensors file (float32).") var weights: String
        @Option(help: "The architecture description (arch.json).") var arch: String
        @Option(name: .customLong("trained-on"), help: "The dataset the weights were trained on (id, id prefix or name).") var trainedOn: String?

        func run() throws {
            try reportingErrors {
                let report = try WeightsImport.run(
                    project: try project.open(), weights: URL(fileURLWithPath: weights), architecture: URL(fileURLWithPath: arch),
                    trainedOn: trainedOn)
                if output.json { return try printJSON(report) }
                print("\(report.imported ? "imported" : "already stored:") \(report.weights)  (\(report.tensorCount) tensors, \(report.parameterCount) parameters)")
            }
        }
    }
}
