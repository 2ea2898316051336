import Foundation
internal import GRDB

/// A read-only connection for user SQL (`operando query`): any write is refused by SQLite
/// itself (the connection is opened with `SQLITE_OPEN_READONLY` and `PRAGMA query_only`).
public struct ProjectReadOnlyDatabase: Sendable {
    let reader: any DatabaseReader

    /// Runs one SELECT statement; returns the column names and the rows, values typed.
    public func query(_ sql: String) throws -> QueryResult {
        try reader.read { db in
            try db.execute(sql: "PRAGMA query_only = 1")
            let statement = try db.makeStatement(sql: sql)
            guard statement.isReadonly else { throw StoreError.writeRefused(sql: sql) }
            let rows = try Row.fetchAll(statement)
            return QueryResult(columns: statement.columnNames, rows: rows.map(Self.typedValues))
        }
    }

    static func typedValues(_ row: Row) -> [ParameterValue?] {
        row.databaseValues.map { value in
            switch value.storage {
            case .int64(let number): return .integer(number)
            case .double(let number): return .real(number)
            case .string(let text): return .text(text)
            case .blob(let data): return .text("<\(data.count) bytes>")
            case .null: return nil
            }
        }
    }
}

/// Column names and typed rows of a read-only query.
public struct QueryResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[ParameterValue?]]
}
