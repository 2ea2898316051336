import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench conv3d`: conv3d forward + backward at E3D-LSTM shapes vs sgemm peak and PyTorch.
    struct Conv3D: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conv3d",
            abstract: "Time conv3d forward + backward (64→448 and 16→448, kernel 2×5×5) against the sgemm peak and PyTorch.")

        @Option(help: "Batch size.") var batch = 8
        @Option(help: "Timed repetitions per round, after one warm-up.") var repetitions = 5
        @Option(help: "Rounds of (sgemm, ours, PyTorch); the best over all rounds is reported.") var rounds = 2
        @Option(help: "Path of the PyTorch anchor script.") var script = "Benchmarks/conv3d_reference.py"
        @Flag(help: "Print the reports as JSON.") var json = false

        func validate() throws {
            if batch < 1 { throw ValidationError("'--batch' must be ≥ 1.") }
            if repetitions < 1 { throw ValidationError("'--repetitions' must be ≥ 1.") }
            if rounds < 1 { throw ValidationError("'--rounds' must be ≥ 1.") }
        }

        func run() throws {
            let reports = Conv3DBenchmark.run(batch: batch, repetitions: repetitions, rounds: rounds, script: script)
            try printBenchmarkReports(reports, json: json)
        }
    }
}
