import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench infer DIR`: accuracy and speed of `infer` on rendered microscope stacks.
    struct Infer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "infer",
            abstract: "Accuracy of K inference on simulated dendrite stacks filmed by a simulated microscope, through import → preprocess → infer.",
            discussion: """
                Targets: median |K̂−K|/K ≤ 3 %, 90th percentile ≤ 8 %, 95 % coverage 85–100 % with both units; median ≤ 6 % \
                without --time-unit; ≤ 2 minutes per stack once the bank exists. The project keeps the stacks, banks and every \
                inference, so a rerun reuses them.
                """)

        @Argument(help: "Project folder for the benchmark (created if missing).") var directory: String
        @Option(help: "Number of stacks (K uniform over the prior).") var stacks = 30
        @Option(help: "Bank: K values.") var bankCount = 16
        @Option(help: "Bank: seeds per K value.") var bankReplicates = 3
        @Option(help: "Fresh simulations for `operando calibrate` on each bank first (0: no calibration).") var calibrate = 0
        @Flag(help: "Skip the inference without --time-unit.") var skipWithoutTimeUnit = false
        @Option(help: "Seed of the stacks' parameters and noise.") var seed: UInt64 = 2026
        @Flag(help: "Print the summary as JSON.") var json = false

        func validate() throws {
            if stacks < 1 { throw ValidationError("'--stacks' must be ≥ 1.") }
            if bankCount < 4 || bankReplicates < 1 { throw ValidationError("'--bank-count' must be ≥ 4 and '--bank-replicates' ≥ 1.") }
            if calibrate < 0 { throw ValidationError("'--calibrate' must be ≥ 0.") }
        }

        func run() throws {
            try reportingErrors {
                let url = URL(fileURLWithPath: directory)
                let project = FileManager.default.fileExists(atPath: url.appendingPathComponent(Project.databaseName).path)
                    ? try Project.open(at: url) : try Project.create(at: url)
                let options = InferenceAccuracyBenchmark.Options(
                    stacks: stacks, bankCount: bankCount, bankReplicates: bankReplicates, calibrationCount: calibrate,
                    withoutTimeUnit: !skipWithoutTimeUnit, seed: seed)
                let summary = try InferenceAccuracyBenchmark.run(project: project, options: options) { line in
                    FileHandle.standardError.write(Data((line + "\n").utf8))
                }
                if json { try printJSON(summary) } else { summary.lines.forEach { print($0) } }
            }
        }
    }
}
