import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando reproduce RUN`
    struct Reproduce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-run a finished run from its recorded inputs, parameters and seeds, and check its output hashes.",
            discussion: """
                Reproducible kinds: import (re-reads the recorded file), preprocess (re-applies the recorded \
                recipe), simulate (re-runs every sweep point) and predict (reloads weights and stack). Nothing \
                is written to the store. Exits with 65 when an output differs; the report gives, per output, \
                the expected and actual SHA-256 and, for a mismatch, the largest absolute difference.
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var table: TableOptions
        @Argument(help: ArgumentHelp("Run id (unique prefix).", valueName: "run")) var runId: String

        func run() throws {
            try reportingErrors {
                let report = try Workflows.Reproduce.run(project: try project.open(), run: runId)
                let rows = report.outputs.map { output in
                    [
                        output.artifact, output.what, output.matched ? "matched" : "MISMATCHED", String(output.expected.prefix(16)),
                        String(output.actual.prefix(16)),
                        output.maxAbsDifference.map { String(format: "%.6g", $0) } ?? output.note ?? "",
                    ]
                }
                try table.print(columns: ["artifact", "what", "result", "expected", "actual", "max |diff|"], rows: rows, json: report)
                if !table.json && !table.csv {
                    print("\(report.kind) run \(report.run) (recorded with \(report.recordedVersion), reproduced with \(report.currentVersion)): "
                        + (report.matched ? "reproduced bit for bit" : "NOT reproduced"))
                }
                if !report.matched {
                    throw OperandoError(.dataError, "run \(report.run) did not reproduce: \(report.outputs.filter { !$0.matched }.count) output(s) differ")
                }
            }
        }
    }
}
