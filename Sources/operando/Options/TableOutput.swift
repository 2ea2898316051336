import ArgumentParser
import Workflows

/// `--json` / `--csv` for commands that print tables.
struct TableOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Flag(name: .long, help: "Print CSV.") var csv = false

    func validate() throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
    }

    /// Prints a table in the chosen format; `value` is what `--json` prints.
    func print(columns: [String], rows: [[String]], json value: some Encodable) throws {
        if json { return try printJSON(value) }
        Swift.print(csv ? TableFormat.csv(columns: columns, rows: rows) : TableFormat.text(columns: columns, rows: rows), terminator: "")
    }
}
