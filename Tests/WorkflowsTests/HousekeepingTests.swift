import Foundation
import ProjectStore
import Testing
import TestSupport
@testable import Workflows

/// A project with stack → preprocess → pre, each with one blob.
func smallChainProject(_ folder: TemporaryDirectory, _ name: String = "p") throws -> (Project, stack: String, derived: String) {
    let project = try Project.create(at: folder.path(name))
    let (stacks, _) = try RunRecorder.record(project, kind: "import", parameters: ["path": .text("/x.tif")]) { recorder in
        ([try recorder.artifact(.stack, name: "raw", identity: "file:1", metadata: ["shape": [2, 2]], files: ["data": try recorder.put([1, 2, 3, 4])])], [:], ())
    }
    let (derived, _) = try RunRecorder.record(project, kind: "preprocess", parameters: ["recipe": .text("resize=1x1")], used: [(stacks[0].id, "input")]) { recorder in
        ([try recorder.artifact(.preprocessedStack, name: "pre", identity: "pre:1", metadata: ["shape": [1, 1]], files: ["data": try recorder.put([9])])], ["rmse": .real(0.5)], ())
    }
    return (project, stacks[0].id, derived[0].id)
}

struct HousekeepingTests {
    @Test func archiveMovesALineageWithItsBlobsToAnotherProject() throws {
        let folder = try TemporaryDirectory()
        let (source, stack, derived) = try smallChainProject(folder, "a")
        let target = try Project.create(at: folder.path("b"))
        let tar = folder.path("x.tar")
        let written = try ArchiveTransfer.archive(derived, project: source, to: tar)
        #expect(written.artifacts == 2 && written.runs == 2 && written.blobs == 2)
        // The archive is a real tar file
        let listing = Process()
        listing.executableURL = URL(fileURLWithPath: "/bin/tar")
        listing.arguments = ["-tf", tar.path]
        let pipe = Pipe()
        listing.standardOutput = pipe
        try listing.run()
        listing.waitUntilExit()
        let names = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(names.count == 3 && names.contains("operando-archive.json"))
        // Unarchiving twice adds everything once, with equal lineage and intact blobs
        let first = try ArchiveTransfer.unarchive(tar, into: target)
        let second = try ArchiveTransfer.unarchive(tar, into: target)
        #expect(first.artifacts == 2 && first.runs == 2)
        #expect(second.artifacts == 0 && second.runs == 0)
        #expect(Set(try target.database.lineage(of: derived).artifacts.map(\.id)) == [stack, derived])
        #expect(try target.database.values(of: try target.database.generatingRun(of: derived)!.id, role: "result") == ["rmse": .real(0.5)])
        #expect(try ConsistencyCheck.run(target).isHealthy)
    }

    @Test func damagedArchiveChangesNothing() throws {
        let folder = try TemporaryDirectory()
        let (source, _, derived) = try smallChainProject(folder, "a")
        let target = try Project.create(at: folder.path("b"))
        let tar = folder.path("x.tar")
        _ = try ArchiveTransfer.archive(derived, project: source, to: tar)
        var bytes = [UInt8](try Data(contentsOf: tar))
        bytes[bytes.count - 1024 - 600] ^= 0xff  // inside the last blob's data or header
        try Data(bytes).write(to: tar)
        #expect(throws: OperandoError.self) { try ArchiveTransfer.unarchive(tar, into: target) }
        #expect(try target.database.artifacts().isEmpty)
        #expect(try target.blobs.hashesOnDisk().isEmpty)
    }

    @Test func gcRemovesOnlyUnreferencedBlobs() throws {
        let folder = try TemporaryDirectory()
        let (project, _, _) = try smallChainProject(folder)
        let orphan = try project.blobs.put([42, 42])
        let dry = try GarbageCollection.run(project: project, dryRun: true, minimumAge: 0)
        #expect(dry.removedBlobs == [orphan.hash])
        #expect(try project.blobs.hashesOnDisk().count == 3)
        // A fresh orphan is protected by the age guard (it may belong to a write in progress)
        #expect(try GarbageCollection.run(project: project, dryRun: true, minimumAge: 3600).removedBlobs.isEmpty)
        let real = try GarbageCollection.run(project: project, dryRun: false, minimumAge: 0)
        #expect(real.removedBlobs == [orphan.hash] && real.bytesFreed == 2)
        #expect(try project.blobs.hashesOnDisk().count == 2)
        #expect(try ConsistencyCheck.run(project).isHealthy)
    }

    @Test func provJSONAndDOTDescribeTheSameGraph() throws {
        let folder = try TemporaryDirectory()
        let (project, stack, derived) = try smallChainProject(folder)
        let document = try JSON.decode(JSONValue.self, from: try project.provJSON(of: derived))
        guard case .object(let entities)? = document["entity"], case .object(let activities)? = document["activity"],
            case .object(let used)? = document["used"], case .object(let generated)? = document["wasGeneratedBy"]
        else { Issue.record("PROV-JSON lacks a section"); return }
        #expect(Set(entities.keys) == ["operando:\(stack)", "operando:\(derived)"])
        #expect(activities.count == 2 && used.count == 1 && generated.count == 2)
        let dot = ProvenanceExport.dot(try project.provenance(of: derived, upstream: true))
        #expect(dot.hasPrefix("digraph provenance {"))
        #expect(dot.contains("\"\(stack)\" -> \"run-"))
        #expect(dot.components(separatedBy: " -> ").count - 1 == 3)
    }
}
