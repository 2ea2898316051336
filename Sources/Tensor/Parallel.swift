import Dispatch
import Glibc

/// Splits `0..<count` into at most one chunk per core and runs `body` on each chunk in parallel.
///
/// Work below `minimumChunk` elements per chunk runs on the calling thread: dispatching costs
/// microseconds, which only pays for large element-wise passes. Callers guarantee that chunks
/// write disjoint memory; that is why the non-Sendable `body` may run on several threads.
@usableFromInline
func parallelChunks(count: Int, minimumChunk: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
    let chunks = min(processorCount, count / max(minimumChunk, 1))
    if chunks <= 1 {
        if count > 0 { body(0..<count) }
        return
    }
    let chunkSize = (count + chunks - 1) / chunks
    withoutActuallyEscaping(body) { escapable in
        nonisolated(unsafe) let work = escapable
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * chunkSize
            let end = min(start + chunkSize, count)
            if start < end { work(start..<end) }
        }
    }
}

/// Online processors, read once.
@usableFromInline
let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
