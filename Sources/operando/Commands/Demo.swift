import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando demo [DIR]`
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the whole workbench on a synthetic experiment: simulate, train, film, import, preprocess, predict, infer K, report.",
            discussion: """
                Uses the embedded default recipe (a copy is Projects/demo.toml) unless --recipe is \
                given. Rerunning on the same folder reuses what is already there.
                """)
        @OptionGroup var output: OutputOptions
        @Argument(help: "Project folder (created if missing).") var directory = "Projects/demo"
        @Option(help: "A demo recipe (flat TOML, see Projects/demo.toml).") var recipe: String?

        func run() throws {
            try reportingErrors {
                let parsed: DemoRecipe
                if let recipe {
                    guard let data = FileManager.default.contents(atPath: recipe) else { throw OperandoError(.noInput, "\(recipe): no such recipe file") }
                    parsed = try DemoRecipe(toml: String(decoding: data, as: UTF8.self))
                } else {
                    parsed = try DemoRecipe(toml: DemoRecipe.defaultTOML)
                }
                let outcome = try DemoWorkflow.run(directory: URL(fileURLWithPath: directory), recipe: parsed) { line in
                    FileHandle.standardError.write(Data("==> \(line)\n".utf8))
                }
                if output.json { return try printJSON(outcome) }
                print(String(format: "hidden K %.3f, estimated K %.3f, 95%% interval [%.3f, %.3f]", outcome.hiddenK, outcome.estimatedK, outcome.interval95[0], outcome.interval95[1])
                    + (outcome.flags.isEmpty ? "" : "  flags: " + outcome.flags.joined(separator: ", ")))
                print("lineage of the estimate (\(outcome.inference)):")
                for line in outcome.lineage { print("  " + line) }
                print("reports:")
                for path in outcome.reports { print("  " + path) }
                print(String(format: "done in %.0f s; explore with: ", outcome.wallSeconds) + "operando runs --project \(outcome.project)")
            }
        }
    }
}
