public import Foundation
import ProjectStore

/// `operando gc`: remove blobs no artifact references (left by killed processes or by
/// `unarchive` of a damaged archive) and stale temp files. Referenced data is never touched.
public enum GarbageCollection {
    public struct Report: Codable, Sendable {
        public var removedBlobs: [String]
        public var removedTemporaryFiles: [String]
        public var bytesFreed: Int64
        public var dryRun: Bool
    }

    /// - Parameter minimumAge: files younger than this (seconds) may belong to a write in progress
    ///   in another process (a blob is stored before its row) and are kept.
    public static func run(project: Project, dryRun: Bool, minimumAge: TimeInterval = 600) throws -> Report {
        func age(_ url: URL) -> TimeInterval {
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
            return Date().timeIntervalSince(modified ?? .distantPast)
        }
        let referenced = Set(try project.database.artifactFiles().map(\.blobHash))
        let unreferenced = try project.blobs.hashesOnDisk().filter { hash in
            !referenced.contains(hash) && age(project.blobs.url(for: hash)) >= minimumAge
        }
        var freed: Int64 = 0
        for hash in unreferenced {
            let attributes = try? FileManager.default.attributesOfItem(atPath: project.blobs.url(for: hash).path)
            freed += (attributes?[.size] as? Int64) ?? 0
        }
        let temporaryFolder = project.blobs.root.appendingPathComponent("tmp")
        let stale = ((try? FileManager.default.contentsOfDirectory(atPath: temporaryFolder.path)) ?? []).filter { name in
            age(temporaryFolder.appendingPathComponent(name)) >= minimumAge
        }.sorted()
        if !dryRun {
            _ = try project.database.deleteUnreferencedBlobRows()
            for hash in unreferenced { try project.blobs.remove(hash) }
            for name in stale { try FileManager.default.removeItem(at: temporaryFolder.appendingPathComponent(name)) }
        }
        return Report(removedBlobs: unreferenced, removedTemporaryFiles: stale, bytesFreed: freed, dryRun: dryRun)
    }
}
