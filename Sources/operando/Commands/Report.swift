import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando report ID`
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one self-contained offline HTML report of an artifact (pictures, numbers, lineage).")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Artifact id (unique prefix) or name.") var id: String
        @Option(name: .shortAndLong, help: "Where to write the HTML (default: outputs/<id>-report.html in the project).") var file: String?

        func run() throws {
            try reportingErrors {
                let outcome = try ReportWorkflow.run(project: try project.open(), reference: id, output: file.map { URL(fileURLWithPath: $0) })
                if output.json { return try printJSON(outcome) }
                print("report \(outcome.report): \(outcome.path)")
            }
        }
    }
}
