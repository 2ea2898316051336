import ArgumentParser
import Workflows

/// `--project DIR`, shared by every command that works inside a project.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project folder (default: the current folder or its nearest parent holding operando.sqlite).")
    var project: String?

    func open() throws -> Project { try Project.locate(explicit: project) }
}

/// `--json`: machine-readable output on stdout.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
