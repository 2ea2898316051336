import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench simulate`: per-step time of the four simulators against numpy.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Time each phase-field simulator per step at 64² and 256² against the numpy reference.")

        @Option(help: "Timed repetitions (the best is reported).") var repeats = 3
        @Option(help: "Path of the numpy anchor script.") var script = "Benchmarks/phasefield_reference.py"
        @Flag(help: "Skip the whole 100-frame dendrite sequence.") var skipSequence = false
        @Flag(help: "Print the reports as JSON.") var json = false

        func validate() throws {
            if repeats < 1 { throw ValidationError("'--repeats' must be ≥ 1.") }
        }

        func run() throws {
            let reports = try SimulationBenchmark.run(
                repeats: repeats, script: script, includeFullSequence: !skipSequence)
            try printBenchmarkReports(reports, json: json)
        }
    }
}
