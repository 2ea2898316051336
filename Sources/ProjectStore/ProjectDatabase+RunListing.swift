import Foundation
internal import GRDB

/// A run with its parameters and results, as listings show it.
public struct RunRow: Sendable, Codable, Equatable {
    public var run: RunRecord
    public var parameters: [String: ParameterValue]
    public var results: [String: ParameterValue]
}

extension ProjectDatabase {
    /// Runs matching a filter, sorted by a column or a value name (prefix `-` for descending).
    ///
    /// The filter compiles to one SQL statement; value lookups use the `(runId, role, name)`
    /// primary key, so cost grows with the runs examined, not with the number of values.
    /// - Parameter valueNames: the parameters and results to load into each row (`nil`: all of
    ///   them). Loading every value of thousands of runs costs more than the filter itself, so a
    ///   listing that shows a few columns asks only for those.
    public func runs(
        kind: String? = nil, filter: RunFilter? = nil, sort: String = "started", limit: Int? = nil, valueNames: Set<String>? = nil
    ) throws -> [RunRow] {
        var clauses: [String] = []
        var arguments: [ParameterValue] = []
        if let kind {
            clauses.append("run.kind = ?")
            arguments.append(.text(kind))
        }
        if let filter {
            let (text, filterArguments) = filter.sql()
            clauses.append(text)
            arguments += filterArguments
        }
        let descending = sort.hasPrefix("-")
        let sortName = descending ? String(sort.dropFirst()) : sort
        let (sortOperand, sortArguments) = RunFilter.operand(sortName)
        var sql = "SELECT \(Self.listedColumns) FROM run"
        if !clauses.isEmpty { sql += " WHERE " + clauses.map { "(\($0))" }.joined(separator: " AND ") }
        sql += " ORDER BY \(sortOperand) \(descending ? "DESC" : "ASC"), run.id"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        let allArguments = (arguments + sortArguments).map(Self.databaseValue)
        return try writer.read { db in
            let runs = try Self.fetchRuns(db, sql: sql, arguments: StatementArguments(allArguments))
            let values = valueNames?.isEmpty == true ? [:] : try Self.values(of: runs.map(\.id), names: valueNames, db)
            return runs.map { run in
                RunRow(run: run, parameters: values[run.id]?["parameter"] ?? [:], results: values[run.id]?["result"] ?? [:])
            }
        }
    }

    /// The run columns a listing selects, in the order `fetchRuns` decodes them.
    static let listedColumns = "run.id, run.kind, run.status, run.startedAt, run.endedAt, run.seed, run.softwareVersion, run.host, run.pid, run.command, run.error"

    /// Runs of a `SELECT \(listedColumns) …` statement, decoded by column position: listings
    /// return thousands of runs, and positional decoding is several times faster than `Codable`.
    /// (`status` always parses: the table's CHECK constraint admits only the four statuses.)
    static func fetchRuns(_ db: Database, sql: String, arguments: StatementArguments) throws -> [RunRecord] {
        var runs: [RunRecord] = []
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try cursor.next() {
            runs.append(RunRecord(
                id: row[0], kind: row[1], status: row[2], startedAt: row[3], endedAt: row[4], seed: row[5],
                softwareVersion: row[6], host: row[7], pid: row[8], command: row[9], error: row[10]))
        }
        return runs
    }

    static func databaseValue(_ value: ParameterValue) -> DatabaseValue {
        switch value {
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        }
    }

    /// runId → role → name → value, for many runs at once.
    static func values(of runIds: [String], names: Set<String>? = nil, _ db: Database) throws -> [String: [String: [String: ParameterValue]]] {
        var values: [String: [String: [String: ParameterValue]]] = [:]
        let sortedNames = names.map { $0.sorted() } ?? []
        let nameClause = names == nil ? "" : " AND name IN (\(sortedNames.map { _ in "?" }.joined(separator: ",")))"
        for chunk in stride(from: 0, to: runIds.count, by: 500).map({ Array(runIds[$0..<min($0 + 500, runIds.count)]) }) {
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT runId, role, name, value FROM runValue WHERE runId IN (\(chunk.map { _ in "?" }.joined(separator: ",")))" + nameClause),
                arguments: StatementArguments(chunk + sortedNames))
            while let row = try rows.next() {
                let value: ParameterValue
                switch (row[3] as DatabaseValue).storage {
                case .int64(let number): value = .integer(number)
                case .double(let number): value = .real(number)
                case .string(let text): value = .text(text)
                case .blob, .null: continue
                }
                values[row[0], default: [:]][row[1], default: [:]][row[2]] = value
            }
        }
        return values
    }
}
