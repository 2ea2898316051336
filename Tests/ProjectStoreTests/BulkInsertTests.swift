import Foundation
import Testing
@testable import ProjectStore

struct BulkInsertTests {
    /// Three runs — import, preprocess, and a re-import of the same file — in both stores.
    static let runs: [(draft: RunDraft, outputs: [ArtifactDraft], results: [String: ParameterValue])] = [
        (StoreFixture.run("r1", parameters: ["K": .real(1.5), "name": .text("a")]), [StoreFixture.artifact("s-1", identity: "file-sha")], [:]),
        (StoreFixture.run("r2", kind: "preprocess", parameters: ["recipe": .text("{}")], used: [("s-1", "input")]),
         [StoreFixture.artifact("p-1", kind: "preprocessed-stack", blob: String(repeating: "b", count: 64))], ["frames": .integer(20)]),
        (StoreFixture.run("r3"), [StoreFixture.artifact("s-2", identity: "file-sha")], [:]),
    ]

    @Test func bulkInsertWritesWhatBeginAndCompleteWrite() throws {
        // Given the same runs stored one by one, and in bulk
        let oneByOne = try ProjectDatabase.inMemory()
        for run in Self.runs {
            try oneByOne.beginRun(run.draft)
            try oneByOne.completeRun(run.draft.id, outputs: run.outputs, results: run.results)
        }
        let bulk = try ProjectDatabase.inMemory()
        try bulk.insertCompletedRuns(Self.runs.map { run in
            CompletedRun(draft: run.draft, startedAt: Date(), endedAt: Date(), results: run.results, outputs: run.outputs)
        })
        // Then both stores hold the same artifacts, edges, values, files and lineage
        #expect(try bulk.artifacts().map(\.id).sorted() == oneByOne.artifacts().map(\.id).sorted())
        #expect(try bulk.artifacts().map(\.id).sorted() == ["p-1", "s-1"])
        for id in ["r1", "r2", "r3"] {
            #expect(try Set(bulk.edges(ofRun: id)) == Set(oneByOne.edges(ofRun: id)))
            #expect(try bulk.run(id).status == .done)
            for role in ["parameter", "result"] {
                #expect(try bulk.values(of: id, role: role) == oneByOne.values(of: id, role: role))
            }
        }
        #expect(try bulk.edges(ofRun: "r3") == [EdgeRecord(runId: "r3", artifactId: "s-1", relation: .used, role: "reused")])
        #expect(try bulk.files(of: "p-1") == oneByOne.files(of: "p-1"))
        #expect(try bulk.lineage(of: "p-1").edges.count == oneByOne.lineage(of: "p-1").edges.count)
        #expect(try bulk.runs(filter: RunFilter.parse("K > 1")).map(\.run.id) == ["r1"])
    }
}
