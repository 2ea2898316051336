internal import GRDB

extension ProjectDatabase {
    /// Append-only list of named migrations. A migration that has shipped is never edited:
    /// add a new one. Table and column names are strings here, never Swift types.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-provenance-graph") { db in
            try db.execute(sql: """
                CREATE TABLE blob (
                    hash TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    createdAt TEXT NOT NULL
                );
                CREATE TABLE artifact (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT,
                    identity TEXT NOT NULL UNIQUE,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    createdAt TEXT NOT NULL
                );
                CREATE INDEX artifact_kind ON artifact(kind, createdAt);
                CREATE TABLE artifactFile (
                    artifactId TEXT NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    blobHash TEXT NOT NULL REFERENCES blob(hash),
                    PRIMARY KEY (artifactId, role)
                );
                CREATE INDEX artifactFile_blob ON artifactFile(blobHash);
                CREATE TABLE run (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
                    startedAt TEXT NOT NULL,
                    endedAt TEXT,
                    seed INTEGER,
                    softwareVersion TEXT NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    command TEXT NOT NULL DEFAULT '',
                    error TEXT
                );
                CREATE INDEX run_kind ON run(kind, startedAt);
                CREATE INDEX run_status ON run(status);
                CREATE TABLE runValue (
                    runId TEXT NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('parameter', 'result')),
                    name TEXT NOT NULL,
                    value,
                    PRIMARY KEY (runId, role, name)
                ) WITHOUT ROWID;
                CREATE INDEX runValue_name ON runValue(name, value);
                CREATE TABLE edge (
                    runId TEXT NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    artifactId TEXT NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
                    relation TEXT NOT NULL CHECK (relation IN ('used', 'generated')),
                    role TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (runId, artifactId, relation)
                ) WITHOUT ROWID;
                CREATE INDEX edge_artifact ON edge(artifactId, relation, runId);
                CREATE VIEW runs AS
                    SELECT id, kind, status, startedAt, endedAt, seed, softwareVersion, host, command, error FROM run;
                CREATE VIEW artifacts AS
                    SELECT id, kind, name, identity, metadata, createdAt FROM artifact;
                CREATE VIEW run_values AS SELECT runId, role, name, value FROM runValue;
                CREATE VIEW edges AS SELECT runId, artifactId, relation, role FROM edge;
                CREATE VIEW files AS
                    SELECT f.artifactId, f.role, f.blobHash, b.size FROM artifactFile f JOIN blob b ON b.hash = f.blobHash;
                """)
        }
        // `runs --kind K --where '… and status = …'` sorted by start: the filter and the order
        // are answered from this covering index, so only matching runs are read from the table.
        migrator.registerMigration("v2-run-listing-index") { db in
            try db.execute(sql: "CREATE INDEX run_kind_status ON run(kind, status, startedAt, id)")
        }
        return migrator
    }
}
