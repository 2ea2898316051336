import ArgumentParser

/// The `operando` command: the root of every subcommand.
@main
struct Operando: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operando",
        abstract: "Operando: learn, extend and invert microstructure evolution from microscopy stacks.",
        version: "0.1.0",
        subcommands: [
            Demo.self, Init.self, Import.self, Export.self, Preprocess.self, Simulate.self, RunPoint.self, IngestCommand.self, Sweep.self,
            Train.self, Finetune.self, Predict.self, Evaluate.self, Infer.self, Calibrate.self, Report.self,
            Stacks.self, Datasets.self, Artifacts.self, Show.self,
            Lineage.self, Impact.self, Runs.self, Diff.self, Query.self, ExportProv.self, Graph.self, Reproduce.self, CLIReference.self,
            Fsck.self, Gc.self, Archive.self, Unarchive.self, Bench.self,
            ExportDataset.self, ImportWeights.self,
        ])
}
