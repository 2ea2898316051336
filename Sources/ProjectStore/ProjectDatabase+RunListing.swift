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
    /// The filter, the sort and the named values compile to one SQL statement: each value name
    /// is joined once through `runValue`'s primary key (`RunValueJoins`), so cost grows with the
    /// runs examined, not with the number of values in the store.
    /// - Parameter valueNames: the parameters and results to load into each row (`nil`: all of
    ///   them). Named values come with the runs from the same statement; loading every value of
    ///   thousands of runs costs more than the filter itself, so a listing that shows a few
    ///   columns asks only for those.
    public func runs(
        kind: String? = nil, filter: RunFilter? = nil, sort: String = "started", limit: Int? = nil, valueNames: Set<String>? = nil
    ) throws -> [RunRow] {
        let selectedNames = valueNames.map { $0.sorted() } ?? []
        let (sql, arguments) = Self.listingStatement(kind: kind, filter: filter, sort: sort, limit: limit, valueNames: selectedNames)
        return try writer.read { db in
            var rows = try Self.fetchRows(db, sql: sql, arguments: StatementArguments(arguments.map(Self.databaseValue)), valueNames: selectedNames)
            if valueNames == nil {
                let values = try Self.values(of: rows.map(\.run.id), db)
                for index in rows.indices {
                    rows[index].parameters = values[rows[index].run.id]?["parameter"] ?? [:]
                    rows[index].results = values[rows[index].run.id]?["result"] ?? [:]
                }
            }
            return rows
        }
    }

    /// The listing's one statement: `listedColumns`, then the result and parameter columns of
    /// each of `valueNames`, from `run` and the value joins, filtered, sorted (ties by id) and
    /// limited.
    static func listingStatement(
        kind: String?, filter: RunFilter?, sort: String, limit: Int?, valueNames: [String]
    ) -> (sql: String, arguments: [ParameterValue]) {
        var joins = RunValueJoins()
        let valueColumns = valueNames.map { ", " + joins.columns($0) }.joined()
        var clauses: [String] = []
        var arguments: [ParameterValue] = []
        if let kind {
            clauses.append("run.kind = ?")
            arguments.append(.text(kind))
        }
        if let filter {
            let (text, filterArguments) = filter.sql(&joins)
            clauses.append(text)
            arguments += filterArguments
        }
        let descending = sort.hasPrefix("-")
        let sortOperand = RunFilter.operand(descending ? String(sort.dropFirst()) : sort, &joins)
        let (joinClauses, joinArguments) = joins.sql
        var sql = "SELECT \(listedColumns)\(valueColumns) FROM run\(joinClauses)"
        if !clauses.isEmpty { sql += " WHERE " + clauses.map { "(\($0))" }.joined(separator: " AND ") }
        sql += " ORDER BY \(sortOperand) \(descending ? "DESC" : "ASC"), run.id"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return (sql, joinArguments + arguments)
    }

    /// The run columns a listing selects, in the order `fetchRows` decodes them.
    static let listedColumns = "run.id, run.kind, run.status, run.startedAt, run.endedAt, run.seed, run.softwareVersion, run.host, run.pid, run.command, run.error"

    /// Rows of a `SELECT \(listedColumns), <RunValueJoins.columns of each value name> …`
    /// statement, decoded by column position: listings return thousands of runs, and positional
    /// decoding is several times faster than `Codable`. Every column is read as a type SQLite
    /// can hand over directly (`String`, `Int64`, `Date`; NULL checked first), which avoids
    /// GRDB's generic conversions. (`status` always parses: the table's CHECK constraint admits
    /// only the four statuses.)
    static func fetchRows(_ db: Database, sql: String, arguments: StatementArguments, valueNames: [String]) throws -> [RunRow] {
        var rows: [RunRow] = []
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try cursor.next() {
            guard let status = RunRecord.Status(rawValue: row[2]) else { preconditionFailure("run.status '\(row[2] as String)'") }
            let run = RunRecord(
                id: row[0], kind: row[1], status: status, startedAt: row[3], endedAt: row.hasNull(atIndex: 4) ? nil : row[4] as Date,
                seed: row.hasNull(atIndex: 5) ? nil : row[5] as Int64, softwareVersion: row[6], host: row[7], pid: row[8], command: row[9],
                error: row.hasNull(atIndex: 10) ? nil : row[10] as String)
            var results: [String: ParameterValue] = [:]
            var parameters: [String: ParameterValue] = [:]
            for (index, name) in valueNames.enumerated() {
                results[name] = parameterValue(row[11 + 2 * index])
                parameters[name] = parameterValue(row[12 + 2 * index])
            }
            rows.append(RunRow(run: run, parameters: parameters, results: results))
        }
        return rows
    }

    static func databaseValue(_ value: ParameterValue) -> DatabaseValue {
        switch value {
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        }
    }

    /// A stored value as a `ParameterValue`; nil for NULL (no such value) and blobs.
    static func parameterValue(_ value: DatabaseValue) -> ParameterValue? {
        switch value.storage {
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob, .null: nil
        }
    }

    /// runId → role → name → value, for many runs at once (every value of each run).
    static func values(of runIds: [String], _ db: Database) throws -> [String: [String: [String: ParameterValue]]] {
        var values: [String: [String: [String: ParameterValue]]] = [:]
        for chunk in stride(from: 0, to: runIds.count, by: 500).map({ Array(runIds[$0..<min($0 + 500, runIds.count)]) }) {
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT runId, role, name, value FROM runValue WHERE runId IN (\(chunk.map { _ in "?" }.joined(separator: ",")))"),
                arguments: StatementArguments(chunk))
            while let row = try rows.next() {
                if let value = parameterValue(row[3]) { values[row[0], default: [:]][row[1], default: [:]][row[2]] = value }
            }
        }
        return values
    }
}
