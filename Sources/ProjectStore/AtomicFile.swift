public import Foundation
import Glibc

/// Writes a file so that readers see either nothing or the complete contents:
/// temp file, fsync, rename into place, fsync of the folder.
public enum AtomicFile {
    /// - Parameter temporaryFolder: where the temp file goes (same file system as `url`);
    ///   defaults to `url`'s folder, with a hidden name.
    public static func write(_ bytes: UnsafeRawBufferPointer, to url: URL, temporaryFolder: URL? = nil) throws {
        let folder = url.deletingLastPathComponent()
        let temporaryFolder = temporaryFolder ?? folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
        let temporary = temporaryFolder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: temporary.path, reason: String(cString: strerror(errno))) }
        var failure: String?
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                break
            }
            written += result
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure {
            unlink(temporary.path)
            throw FileWriteError(path: url.path, reason: failure)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw FileWriteError(path: url.path, reason: reason)
        }
        let folderDescriptor = open(folder.path, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Writes bytes atomically.
    public static func write(_ bytes: [UInt8], to url: URL, temporaryFolder: URL? = nil) throws {
        try bytes.withUnsafeBytes { try write($0, to: url, temporaryFolder: temporaryFolder) }
    }
}

/// A file could not be written; nothing was left under its name.
public struct FileWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason); check free space and permissions" }
}
