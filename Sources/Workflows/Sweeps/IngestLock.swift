import Foundation
import Glibc

/// A project-wide exclusive lock around `Ingest.run`, so two ingests of the same spool (a
/// Slurm ingest job and a user's `operando ingest`, say) never race to store the same point.
/// `flock` on `<project>/.ingest.lock`: the kernel drops it when the holder dies, even by SIGKILL,
/// so a killed ingest never leaves a stale lock behind.
enum IngestLock {
    static func withExclusive<Result>(project: Project, _ body: () throws -> Result) throws -> Result {
        let path = project.root.appendingPathComponent(".ingest.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OperandoError(.cannotCreate, "cannot open the ingest lock \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw OperandoError(.ioError, "cannot lock \(path): \(String(cString: strerror(errno)))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
