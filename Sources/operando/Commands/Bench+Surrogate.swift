import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench surrogate [--json] [--small-only] [--repeats N]`
    struct Surrogate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time an E3D-LSTM training step and a 50-frame rollout against the PyTorch reference.",
            discussion: "Run from the repository root (the anchor is Benchmarks/e3dlstm_reference.py), release build.")

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false
        @Flag(name: .long, help: "Only the small 2×16 model (the paper's 4×64 takes minutes).")
        var smallOnly = false
        @Option(help: "Timed repetitions after one warm-up (median reported).")
        var repeats = 3
        @Option(help: "Python interpreter for the PyTorch anchor.")
        var python = "python3"

        func validate() throws {
            if repeats < 1 { throw ValidationError("'--repeats' must be ≥ 1.") }
        }

        func run() throws {
            try reportingErrors {
                let cases = smallOnly ? [SurrogateBenchmark.Case.standard[0]] : SurrogateBenchmark.Case.standard
                let reports = try SurrogateBenchmark.run(cases: cases, repeats: repeats, python: python) { message in
                    if !json { FileHandle.standardError.write(Data((message + "\n").utf8)) }
                }
                if json { return try printJSON(reports) }
                for report in reports { print(report.line) }
            }
        }
    }
}
