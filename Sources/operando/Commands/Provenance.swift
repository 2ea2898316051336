import ArgumentParser
import Foundation
import ProjectStore
import Workflows

extension Operando {
    /// `operando lineage ID` / `operando impact ID`
    struct Lineage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every ancestor of an artifact: stacks, preprocessing, simulations, training runs, weights.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var table: TableOptions
        @Argument(help: "Artifact id (unique prefix) or name.") var id: String
        func run() throws { try printGraph(id: id, upstream: true, project: project, table: table) }
    }

    struct Impact: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every descendant of an artifact: what was made from it.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var table: TableOptions
        @Argument(help: "Artifact id (unique prefix) or name.") var id: String
        func run() throws { try printGraph(id: id, upstream: false, project: project, table: table) }
    }

    /// `operando runs`
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List runs, filtered by kind and by typed conditions on parameters and results.",
            discussion: """
                --where takes conditions joined by and / or / not with parentheses: name op value \
                (=, !=, <, <=, >, >=, like), name in (a, b), name between a and b, name is [not] null. \
                Names are run fields (id, kind, status, started, ended, seed, host, version) or the \
                names of parameters and results. Example: --where 'K > 1.5 and status = done'.
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var table: TableOptions
        @Option(help: "Only runs of this kind (import, preprocess, simulate, train, predict, infer…).") var kind: String?
        @Option(name: .customLong("where"), help: "Typed filter, see above.") var condition: String?
        @Option(parsing: .unconditional, help: "Sort by a field or value name; prefix - for descending (--sort -K).") var sort = "started"
        @Option(help: "Comma-separated extra columns (parameter or result names).") var columns: String?
        @Option(help: "At most this many runs.") var limit: Int?

        func run() throws {
            try reportingErrors {
                let extra = columns?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
                // JSON carries every value; a table loads only the columns it shows.
                let rows = try project.open().runs(kind: kind, where: condition, sort: sort, limit: limit, valueNames: table.json ? nil : Set(extra))
                try table.print(columns: RunTable.header(valueNames: extra), rows: RunTable.cells(rows, valueNames: extra), json: rows)
            }
        }
    }

    /// `operando diff RUN1 RUN2`
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What differs between two runs: parameters, results, inputs.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var table: TableOptions
        @Argument(help: "First run id (unique prefix).") var first: String
        @Argument(help: "Second run id (unique prefix).") var second: String

        func run() throws {
            try reportingErrors {
                let diff = try RunDiff.compare(first, second, in: try project.open())
                let rows = [("field", diff.fields), ("parameter", diff.parameters), ("result", diff.results), ("input", diff.inputs)]
                    .flatMap { section, changes in changes.map { [section, $0.name, $0.left?.description ?? "-", $0.right?.description ?? "-"] } }
                try table.print(columns: ["what", "name", diff.left, diff.right], rows: rows, json: diff)
            }
        }
    }

    /// `operando query "SELECT …"`
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read-only SQL over the documented views (runs, artifacts, run_values, edges, files); writes are refused.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var table: TableOptions
        @Argument(help: "One SELECT statement.") var sql: String

        func run() throws {
            try reportingErrors {
                let result = try project.open().readOnlyQuery(sql)
                let rows = result.rows.map { $0.map { $0?.description ?? "" } }
                let objects = result.rows.map { row in Dictionary(uniqueKeysWithValues: zip(result.columns, row)) }
                try table.print(columns: result.columns, rows: rows, json: objects)
            }
        }
    }

    /// `operando export-prov ID`
    struct ExportProv: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export-prov", abstract: "W3C PROV-JSON of an artifact's lineage.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "Artifact id (unique prefix) or name.") var id: String
        @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?

        func run() throws {
            try reportingErrors {
                try emit(try project.open().provJSON(of: id), to: output)
            }
        }
    }

    /// `operando graph ID`
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Graphviz DOT of an artifact's lineage; with --svg FILE, also renders it when `dot` is installed.")
        @OptionGroup var project: ProjectOptions
        @Argument(help: "Artifact id (unique prefix) or name.") var id: String
        @Option(name: .shortAndLong, help: "Write the DOT text to this file instead of stdout.") var output: String?
        @Option(help: "Render an SVG to this file with Graphviz `dot`.") var svg: String?

        func run() throws {
            try reportingErrors {
                let dot = ProvenanceExport.dot(try project.open().provenance(of: id, upstream: true))
                try emit(dot, to: output)
                if let svg { try GraphvizRenderer.render(dot: dot, svgPath: svg) }
            }
        }
    }
}

/// Prints text or writes it atomically to a file.
func emit(_ text: String, to path: String?) throws {
    guard let path else { return print(text, terminator: text.hasSuffix("\n") ? "" : "\n") }
    try AtomicFile.write(Array(text.utf8), to: URL(fileURLWithPath: path))
}

/// Lineage or impact as a table of artifacts and runs.
func printGraph(id: String, upstream: Bool, project: ProjectOptions, table: TableOptions) throws {
    try reportingErrors {
        let graph = try project.open().provenance(of: id, upstream: upstream)
        var rows = graph.runs.map { ["run", $0.id, $0.kind, $0.status.rawValue, ISO8601Timestamp.string(from: $0.startedAt)] }
        rows += graph.artifacts.map { ["artifact", $0.id, $0.kind, $0.name ?? "", ISO8601Timestamp.string(from: $0.createdAt)] }
        try table.print(columns: ["node", "id", "kind", "status/name", "time"], rows: rows, json: graph)
    }
}
