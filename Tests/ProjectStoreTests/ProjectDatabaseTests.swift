import Foundation
import Testing
@testable import ProjectStore

/// Fixtures shared by the store tests.
enum StoreFixture {
    static func run(_ id: String, kind: String = "import", parameters: [String: ParameterValue] = [:], used: [(String, String)] = []) -> RunDraft {
        RunDraft(
            id: id, kind: kind, parameters: parameters, seed: 7, command: "operando test",
            softwareVersion: "test", host: "host-a", pid: 1, used: used.map { (artifactId: $0.0, role: $0.1) })
    }

    static func artifact(_ id: String, kind: String = "stack", identity: String? = nil, blob: String = String(repeating: "a", count: 64)) -> ArtifactDraft {
        ArtifactDraft(
            record: ArtifactRecord(id: id, kind: kind, name: id, identity: identity ?? "identity-\(id)", metadata: "{}"),
            files: ["data": BlobRecord(hash: blob, size: 10)])
    }
}

struct ProjectDatabaseTests {
    static var schemaFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/store.sql")
    }

    @Test func migratedSchemaEqualsSchemasStoreSQL() throws {
        // Given a fresh store migrated to the newest version
        let db = try ProjectDatabase.inMemory()
        // Then its schema is exactly the canonical Schemas/store.sql
        let expected = try String(contentsOf: Self.schemaFile, encoding: .utf8)
        let actual = try db.schemaSQL()
        #expect(actual == expected, "Schemas/store.sql is out of date; the migrated schema is:\n\(actual)")
        #expect(try db.appliedMigrations() == ["v1-provenance-graph", "v2-run-listing-index"])
    }

    @Test func runLifecycleStoresTypedValuesAndEdges() throws {
        let db = try ProjectDatabase.inMemory()
        // When a run starts and completes with an output
        try db.beginRun(StoreFixture.run("r1", parameters: ["K": .real(1.5), "frames": .integer(20), "name": .text("a")]))
        #expect(try db.run("r1").status == .running)
        let stored = try db.completeRun("r1", outputs: [StoreFixture.artifact("s-1")], results: ["rmse": .real(0.1)])
        // Then the run is done, values keep their types and the output is linked
        #expect(stored.map(\.id) == ["s-1"])
        #expect(try db.run("r1").status == .done)
        #expect(try db.values(of: "r1", role: "parameter") == ["K": .real(1.5), "frames": .integer(20), "name": .text("a")])
        #expect(try db.values(of: "r1", role: "result") == ["rmse": .real(0.1)])
        #expect(try db.generatingRun(of: "s-1")?.id == "r1")
        #expect(try db.files(of: "s-1") == ["data": String(repeating: "a", count: 64)])
    }

    @Test func sameIdentityIsStoredOnce() throws {
        let db = try ProjectDatabase.inMemory()
        try db.beginRun(StoreFixture.run("r1"))
        try db.completeRun("r1", outputs: [StoreFixture.artifact("s-1", identity: "file-sha")])
        try db.beginRun(StoreFixture.run("r2"))
        let second = try db.completeRun("r2", outputs: [StoreFixture.artifact("s-2", identity: "file-sha")])
        #expect(second.map(\.id) == ["s-1"])
        #expect(try db.artifacts().count == 1)
        #expect(try db.edges(ofRun: "r2").map(\.relation) == [.used])
    }

    @Test func lineageAndImpactFollowEdges() throws {
        // Given stack → preprocess → pre; sim → train → weights; (pre, weights) → predict → pred
        let db = try ProjectDatabase.inMemory()
        func step(_ run: String, used: [String], makes: String, kind: String) throws {
            try db.beginRun(StoreFixture.run(run, kind: kind, used: used.map { ($0, "input") }))
            try db.completeRun(run, outputs: [StoreFixture.artifact(makes)])
        }
        try step("r-import", used: [], makes: "stack", kind: "import")
        try step("r-pre", used: ["stack"], makes: "pre", kind: "preprocess")
        try step("r-sim", used: [], makes: "sim", kind: "simulate")
        try step("r-train", used: ["sim"], makes: "weights", kind: "train")
        try step("r-predict", used: ["pre", "weights"], makes: "pred", kind: "predict")
        try step("r-other", used: [], makes: "unrelated", kind: "import")
        // Then lineage of the prediction reaches every ancestor and nothing else
        let lineage = try db.lineage(of: "pred")
        #expect(Set(lineage.artifacts.map(\.id)) == ["stack", "pre", "sim", "weights", "pred"])
        #expect(Set(lineage.runs.map(\.id)) == ["r-import", "r-pre", "r-sim", "r-train", "r-predict"])
        // And impact of the simulation reaches the weights and the prediction
        let impact = try db.impact(of: "sim")
        #expect(Set(impact.artifacts.map(\.id)) == ["sim", "weights", "pred"])
        #expect(Set(impact.runs.map(\.id)) == ["r-train", "r-predict"])
    }

    @Test func deadProcessesRunsBecomeInterrupted() throws {
        let db = try ProjectDatabase.inMemory()
        try db.beginRun(StoreFixture.run("r1"))
        #expect(try db.markInterruptedRuns(host: "other-host", isAlive: { _ in false }) == 0)
        #expect(try db.markInterruptedRuns(host: "host-a", isAlive: { _ in true }) == 0)
        #expect(try db.markInterruptedRuns(host: "host-a", isAlive: { _ in false }) == 1)
        #expect(try db.run("r1").status == .interrupted)
    }

    @Test func prefixLookupIsUniqueOrAmbiguous() throws {
        let db = try ProjectDatabase.inMemory()
        try db.beginRun(StoreFixture.run("r1"))
        try db.completeRun("r1", outputs: [StoreFixture.artifact("stk-abc1"), StoreFixture.artifact("stk-abc2")])
        #expect(try db.artifact("stk-abc1").id == "stk-abc1")
        #expect(throws: StoreError.self) { try db.artifact("stk-abc") }
        #expect(throws: StoreError.notFound(kind: "artifact", reference: "nope")) { try db.artifact("nope") }
    }

    @Test func readOnlyQueriesRefuseWrites() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("operando.sqlite").path
        let db = try ProjectDatabase.open(at: path)
        try db.beginRun(StoreFixture.run("r1", parameters: ["K": .real(2)]))
        let reader = try ProjectDatabase.openReadOnly(at: path)
        let result = try reader.query("SELECT name, value FROM run_values")
        #expect(result.columns == ["name", "value"])
        #expect(result.rows == [[.text("K"), .real(2)]])
        #expect(throws: (any Error).self) { try reader.query("DELETE FROM run") }
        #expect(throws: (any Error).self) { try reader.query("UPDATE run SET status = 'done'") }
        #expect(try db.run("r1").status == .running)
    }
}
