import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando init DIR`
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new, empty project in a folder.")

        @Argument(help: "The folder to create the project in (made if missing).")
        var directory: String = "."

        func run() throws {
            try reportingErrors {
                let project = try Project.create(at: URL(fileURLWithPath: directory))
                print("Initialised an empty Operando project in \(project.root.standardizedFileURL.path)")
            }
        }
    }
}
