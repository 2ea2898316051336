public import Foundation
import Hashing

/// Content-addressed files under `objects/`: a blob is named by the SHA-256 of its bytes and
/// sharded by the first two hex digits (`objects/3f/3fa9…`).
///
/// Writes are atomic: bytes go to `objects/tmp/`, are fsynced, renamed into place and the
/// folder is fsynced, so a killed process leaves at worst an unreferenced temp file — never a
/// partial blob under a real name. Database rows are written only after `put` returns.
public struct BlobStore: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The path of a blob.
    public func url(for hash: String) -> URL {
        root.appendingPathComponent(String(hash.prefix(2))).appendingPathComponent(hash)
    }

    /// Stores bytes; returns the blob row to record. Storing the same bytes twice is a no-op.
    public func put(_ bytes: [UInt8]) throws -> BlobRecord {
        let hash = SHA256.hexDigest(of: bytes)
        let destination = url(for: hash)
        if FileManager.default.fileExists(atPath: destination.path) {
            return BlobRecord(hash: hash, size: Int64(bytes.count))
        }
        try writeAtomically(bytes, to: destination)
        return BlobRecord(hash: hash, size: Int64(bytes.count))
    }

    /// Reads a blob's bytes and checks them against their name.
    public func get(_ hash: String) throws -> [UInt8] {
        let bytes = try [UInt8](Data(contentsOf: url(for: hash)))
        guard SHA256.hexDigest(of: bytes) == hash else { throw BlobError.corrupt(hash: hash, path: url(for: hash).path) }
        return bytes
    }

    /// Re-hashes a blob file; `nil` when it is missing.
    public func rehash(_ hash: String) -> String? {
        guard let data = FileManager.default.contents(atPath: url(for: hash).path) else { return nil }
        return data.withUnsafeBytes { raw in
            var hasher = SHA256()
            hasher.update(raw)
            return SHA256.hex(hasher.finalize())
        }
    }

    /// Every blob name found on disk (temp files excluded).
    public func hashesOnDisk() throws -> [String] {
        let manager = FileManager.default
        guard manager.fileExists(atPath: root.path) else { return [] }
        var hashes: [String] = []
        for shard in try manager.contentsOfDirectory(atPath: root.path) where shard.count == 2 {
            for name in try manager.contentsOfDirectory(atPath: root.appendingPathComponent(shard).path)
            where name.count == 64 && name.hasPrefix(shard) {
                hashes.append(name)
            }
        }
        return hashes.sorted()
    }

    /// Deletes a blob file (garbage collection of unreferenced blobs only).
    public func remove(_ hash: String) throws {
        try FileManager.default.removeItem(at: url(for: hash))
    }

    private func writeAtomically(_ bytes: [UInt8], to destination: URL) throws {
        try AtomicFile.write(bytes, to: destination, temporaryFolder: root.appendingPathComponent("tmp"))
    }
}

/// Failures of the blob store.
public enum BlobError: Error, CustomStringConvertible {
    case corrupt(hash: String, path: String)

    public var description: String {
        switch self {
        case .corrupt(let hash, let path): "blob \(path) does not hash to its name \(hash); run `operando fsck`"
        }
    }
}
