import ArgumentParser

extension Operando {
    /// `operando cli-reference` (hidden): the Markdown of Docs/cli.md, generated from the parser.
    struct CLIReference: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cli-reference",
            abstract: "Print the command-line reference (Docs/cli.md) as Markdown.",
            shouldDisplay: false)

        /// Help screens are wrapped at this width, whatever the terminal, so the text is stable.
        static let columns = 100

        func run() { print(Self.markdown(), terminator: "") }

        /// One section per visible command, depth first in declaration order: its path as a
        /// heading, its abstract, then its full help screen (usage, discussion, arguments and
        /// options with their help) in a fenced block.
        static func markdown() -> String {
            var text = """
                # Command-line reference

                Generated from the argument parser by `swift run operando cli-reference > Docs/cli.md`;
                do not edit by hand (a test fails when this file is out of date).

                """
            func visit(_ command: any ParsableCommand.Type, path: [String]) {
                let configuration = command.configuration
                guard configuration.shouldDisplay else { return }
                let name = configuration.commandName ?? command._commandName
                let fullPath = path + [name]
                text += "\n\(String(repeating: "#", count: min(fullPath.count + 1, 4))) \(fullPath.joined(separator: " "))\n\n"
                if !configuration.abstract.isEmpty { text += configuration.abstract + "\n\n" }
                let help = path.isEmpty
                    ? Operando.helpMessage(columns: columns)
                    : Operando.helpMessage(for: command, includeHidden: false, columns: columns)
                let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    String(line.reversed().drop(while: { $0 == " " }).reversed())
                }
                text += "```text\n" + lines.joined(separator: "\n").trimmingTrailingNewlines() + "\n```\n"
                for subcommand in configuration.subcommands { visit(subcommand, path: fullPath) }
            }
            visit(Operando.self, path: [])
            return text
        }
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        String(reversed().drop(while: { $0 == "\n" }).reversed())
    }
}
