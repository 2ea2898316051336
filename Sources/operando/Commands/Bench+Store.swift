import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench store`: lineage and filtered listing on a synthetic store of 100,000 runs.
    struct Store: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time lineage of a deep artifact and a filtered run listing on a large synthetic store.",
            discussion: "Targets: lineage ≤ 100 ms and listing ≤ 200 ms at 100,000 runs and 1,000,000 edges.")

        @Option(help: "Approximate number of runs in the synthetic store.") var runs = 100_000
        @Option(help: "Approximate number of provenance edges in the synthetic store.") var edges = 1_000_000
        @Option(help: "Timed repetitions of each query (the median is reported).") var repeats = 7
        @Option(help: """
            Build the project in this folder and keep it (e.g. to time `operando runs --project` on it); \
            if the folder already holds one built with the same sizes, time it without rebuilding.
            """)
        var keep: String?
        @Flag(help: "Print the reports as JSON.") var json = false

        func validate() throws {
            if runs < 2 + 4 * StoreBenchmark.chainLength {
                throw ValidationError("'--runs' must be ≥ \(2 + 4 * StoreBenchmark.chainLength) (one campaign).")
            }
            if edges < runs { throw ValidationError("'--edges' must be ≥ '--runs'.") }
            if repeats < 1 { throw ValidationError("'--repeats' must be ≥ 1.") }
        }

        func run() throws {
            try reportingErrors {
                let reports = try StoreBenchmark.run(
                    runs: runs, edges: edges, repeats: repeats, keep: keep.map { URL(fileURLWithPath: $0) })
                try printBenchmarkReports(reports, json: json)
            }
        }
    }
}
