import Foundation
import ProjectStore

/// What `operando fsck` found: every problem is a line a person can act on.
public struct ConsistencyReport: Codable, Sendable {
    /// Blobs whose bytes no longer hash to their name.
    public var corruptBlobs: [String] = []
    /// Blob rows whose file is missing (an artifact would fail to load).
    public var missingBlobs: [String] = []
    /// Files in `objects/` that no row references (left by a killed process; `operando gc` removes them).
    public var orphanFiles: [String] = []
    /// Blob rows no artifact uses.
    public var unreferencedBlobRows: [String] = []
    /// Temp files left by interrupted writes.
    public var temporaryFiles: [String] = []
    public var blobsChecked = 0
    public var artifactsChecked = 0

    /// True when nothing points at missing or corrupt data. Orphans are reported but harmless.
    public var isHealthy: Bool { corruptBlobs.isEmpty && missingBlobs.isEmpty }
}

/// `operando fsck`: re-hash every blob and check every reference of the store.
public enum ConsistencyCheck {
    public static func run(_ project: Project) throws -> ConsistencyReport {
        var report = ConsistencyReport()
        let rows = try project.database.blobs()
        let files = try project.database.artifactFiles()
        let onDisk = Set(try project.blobs.hashesOnDisk())
        let known = Set(rows.map(\.hash))
        report.artifactsChecked = Set(files.map(\.artifactId)).count
        let referenced = Set(files.map(\.blobHash))
        let hashes = rows.map(\.hash).sorted()
        // Re-hash in parallel: blob reads are independent.
        let results = UnsafeMutableBufferPointer<String?>.allocate(capacity: hashes.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        DispatchQueue.concurrentPerform(iterations: hashes.count) { index in
            shared[index] = project.blobs.rehash(hashes[index]) ?? "missing"
        }
        for (index, hash) in hashes.enumerated() {
            switch results[index] {
            case "missing": report.missingBlobs.append(hash)
            case hash: break
            default: report.corruptBlobs.append(hash)
            }
        }
        report.blobsChecked = hashes.count
        report.orphanFiles = onDisk.subtracting(known).sorted()
        report.unreferencedBlobRows = known.subtracting(referenced).sorted()
        let temporaryFolder = project.blobs.root.appendingPathComponent("tmp")
        report.temporaryFiles = ((try? FileManager.default.contentsOfDirectory(atPath: temporaryFolder.path)) ?? []).sorted()
        return report
    }
}
