public import ArgumentParser
import Workflows

extension Operando {
    /// `operando show ID`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one artifact: metadata, files and the run that made it.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Artifact id (a unique prefix is enough) or name.")
        var id: String

        func run() throws {
            try reportingErrors {
                let summary = try ArtifactSummary.load(id, in: try project.open())
                if output.json { return try printJSON(summary) }
                print("\(summary.id)  \(summary.kind)  \(summary.name ?? "")")
                if case .object(let fields) = summary.metadata {
                    for (key, value) in fields.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value.compact)") }
                }
                for (role, hash) in summary.files.sorted(by: { $0.key < $1.key }) { print("  file \(role): \(hash)") }
                if let run = summary.generatedBy {
                    print("  made by \(summary.runKind ?? "run") \(run)")
                    for (name, value) in (summary.parameters ?? [:]).sorted(by: { $0.key < $1.key }) { print("    \(name) = \(value)") }
                }
            }
        }
    }

    /// `operando artifacts [--kind K]` and its shorthands `stacks`, `datasets`.
    struct Artifacts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List artifacts, optionally of one kind.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this kind: \(ArtifactKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: ArtifactKind?

        func run() throws { try listArtifacts(kind: kind, project: project, output: output) }
    }

    /// `operando stacks`
    struct Stacks: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List imported and preprocessed stacks with their calibration.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        func run() throws { try listArtifacts(kinds: [.stack, .preprocessedStack], project: project, output: output) }
    }

    /// `operando datasets`
    struct Datasets: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List simulated datasets.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        func run() throws { try listArtifacts(kind: .dataset, project: project, output: output) }
    }
}

extension ArtifactKind: ExpressibleByArgument {}

/// Prints artifacts as a table (id, kind, name, key facts) or JSON.
func listArtifacts(kind: ArtifactKind?, project: ProjectOptions, output: OutputOptions) throws {
    try listArtifacts(kinds: kind.map { [$0] } ?? [], project: project, output: output)
}

func listArtifacts(kinds: [ArtifactKind], project: ProjectOptions, output: OutputOptions) throws {
    try reportingErrors {
        let opened = try project.open()
        let summaries = kinds.isEmpty
            ? try ArtifactSummary.list(kind: nil, in: opened)
            : try kinds.flatMap { try ArtifactSummary.list(kind: $0, in: opened) }
        if output.json { return try printJSON(summaries) }
        for summary in summaries {
            let facts = ["shape", "dtype", "calibration"].compactMap { key in summary.metadata[key].map { "\(key)=\($0.compact)" } }
            print([summary.id, summary.kind, summary.name ?? "-", facts.joined(separator: " ")].joined(separator: "  "))
        }
    }
}
