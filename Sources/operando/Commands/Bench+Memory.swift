import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench memory`: resident memory of a small training loop over many Adam steps.
    struct Memory: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a small conv + layer-norm + gates model and compare resident memory at step 100 and the last step.")

        @Option(help: "Adam steps (≥ 200).") var steps = 1000
        @Flag(help: "Also run the same loop in PyTorch (Benchmarks/train_memory.py) as an anchor.") var pytorch = false
        @Option(help: "Path of the PyTorch anchor script.") var script = "Benchmarks/train_memory.py"
        @Flag(help: "Print the reports as JSON.") var json = false

        func validate() throws {
            if steps < 200 { throw ValidationError("'--steps' must be ≥ 200.") }
        }

        func run() throws {
            let reports = TrainMemoryBenchmark.run(steps: steps, script: pytorch ? script : nil)
            try printBenchmarkReports(reports, json: json)
        }
    }
}
