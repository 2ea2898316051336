import Foundation
import ProjectStore
import Testing
import TestSupport
@testable import Workflows

struct ProjectTests {
    @Test func createRefusesAnExistingProjectAndLocateFindsItFromASubfolder() throws {
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        #expect(FileManager.default.fileExists(atPath: project.databasePath))
        #expect(throws: OperandoError.self) { try Project.create(at: folder.path("p")) }
        let deep = folder.path("p/a/b")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        #expect(try Project.locate(explicit: nil, from: deep).root.standardizedFileURL.path == project.root.standardizedFileURL.path)
        #expect(throws: OperandoError.self) { try Project.locate(explicit: nil, from: folder.url) }
    }

    @Test func fsckFindsCorruptMissingAndOrphanBlobs() throws {
        // Given a project with one artifact of two blobs
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        _ = try RunRecorder.record(project, kind: "test", parameters: [:]) { recorder in
            let a = try recorder.put([1, 2, 3])
            let b = try recorder.put([4, 5, 6])
            return ([try recorder.artifact(.stack, name: "s", identity: "x", metadata: ["k": 1], files: ["a": a, "b": b])], [:], ())
        }
        #expect(try ConsistencyCheck.run(project).isHealthy)
        // When one blob is altered, another deleted and a stray file added
        let hashes = try project.database.blobs().map(\.hash).sorted()
        try Data([9, 9, 9]).write(to: project.blobs.url(for: hashes[0]))
        try FileManager.default.removeItem(at: project.blobs.url(for: hashes[1]))
        let stray = try project.blobs.put([7, 7])
        // Then fsck reports each, and the store is unhealthy
        let report = try ConsistencyCheck.run(project)
        #expect(report.corruptBlobs == [hashes[0]])
        #expect(report.missingBlobs == [hashes[1]])
        #expect(report.orphanFiles == [stray.hash])
        #expect(!report.isHealthy)
    }

    @Test func failedWorkMarksTheRunFailedAndStoresNoArtifact() throws {
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            _ = try RunRecorder.record(project, kind: "test", parameters: [:]) { _ -> ([ArtifactDraft], [String: ParameterValue], Void) in throw Boom() }
        }
        #expect(try project.database.runs().map(\.status) == [.failed])
        #expect(try project.database.artifacts().isEmpty)
    }
}
