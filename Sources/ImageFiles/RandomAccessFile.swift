import Glibc

/// A read-only file descriptor with positioned reads (`pread`), closed on deinit.
final class RandomAccessFile {
    let path: String
    let size: UInt64
    private let descriptor: Int32

    init(path: String) throws(ImageFileError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .cannotOpen(path: path, reason: reason)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .cannotOpen(path: path, reason: "not a regular file")
        }
        self.path = path
        self.size = UInt64(status.st_size)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Reads exactly `buffer.count` bytes at `offset`; throws `truncated` if the file ends first.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64, what: @autoclosure () -> String)
        throws(ImageFileError)
    {
        guard offset <= size, UInt64(buffer.count) <= size - offset else {
            throw .truncated(path: path, detail: "\(what()) extends past end of file")
        }
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw .cannotOpen(path: path, reason: "read failed at byte \(offset + UInt64(done)): \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// `count` bytes at `offset`.
    func bytes(at offset: UInt64, count: Int, what: @autoclosure () -> String) throws(ImageFileError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var failure: ImageFileError?
        result.withUnsafeMutableBytes { buffer in
            do throws(ImageFileError) { try read(into: buffer, at: offset, what: what()) } catch { failure = error }
        }
        if let failure { throw failure }
        return result
    }
}
