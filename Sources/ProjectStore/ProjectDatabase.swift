import Foundation
internal import GRDB

/// The only way into a project's SQLite store (`operando.sqlite`).
///
/// The store is a provenance graph in the spirit of W3C PROV: artifacts (entities), runs
/// (activities) and edges `run —used→ artifact` / `artifact —generatedBy→ run`. Every write is
/// one transaction; the database runs in WAL mode with a busy timeout so that several
/// `operando` processes can write one project at the same time.
///
/// ```swift
/// let db = try ProjectDatabase.open(at: "p/operando.sqlite")
/// let run = try db.beginRun(RunDraft(kind: "import", parameters: ["name": .text("a")]))
/// try db.completeRun(run.id, outputs: [artifact], used: [])
/// ```
public struct ProjectDatabase: Sendable {
    let writer: any DatabaseWriter

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) the store at `path`, migrating it to the current schema.
    public static func open(at path: String) throws -> ProjectDatabase {
        try ProjectDatabase(DatabasePool(path: path, configuration: makeConfiguration()))
    }

    /// Opens an existing store for reading only; every write statement fails.
    public static func openReadOnly(at path: String) throws -> ProjectReadOnlyDatabase {
        var configuration = makeConfiguration()
        configuration.readonly = true
        return ProjectReadOnlyDatabase(reader: try DatabasePool(path: path, configuration: configuration))
    }

    /// A fresh, empty store in memory (tests).
    public static func inMemory() throws -> ProjectDatabase {
        try ProjectDatabase(DatabaseQueue(configuration: makeConfiguration()))
    }

    /// The single place where the database connection is configured.
    static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// The schema as SQL text (`sqlite_master` order by type and name): compared with
    /// `Schemas/store.sql` by a test.
    public func schemaSQL() throws -> String {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT sql FROM sqlite_master
                    WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                    ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name
                    """)
            return rows.map { ($0["sql"] as String) + ";\n" }.joined()
        }
    }

    /// Names of the migrations applied to this store, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Self.migrator.appliedMigrations(db) }
    }
}
