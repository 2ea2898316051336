import Dispatch
import Glibc

/// Splits `0..<count` into at most one chunk per core and runs `body` on each chunk in parallel.
///
/// Work below `minimumChunk` elements per chunk runs on the calling thread: dispatching costs
/// microseconds, which only pays for large element-wise passes. Callers guarantee that chunks
/// write disjoint memory; that is why the non-Sendable `body` may run on several threads.
public func parallelChunks(count: Int, minimumChunk: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
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

/// Σ over `0..<count` of `partial(range)`, with the ranges split as in `parallelChunks` and the
/// per-chunk results added in chunk order (deterministic for a given core count).
@usableFromInline
func parallelSum(count: Int, minimumChunk: Int = 1 << 15, _ partial: (Range<Int>) -> Double) -> Double {
    let chunks = max(1, min(processorCount, count / max(minimumChunk, 1)))
    if chunks == 1 { return count > 0 ? partial(0..<count) : 0 }
    let chunkSize = (count + chunks - 1) / chunks
    var partials = [Double](repeating: 0, count: chunks)
    partials.withUnsafeMutableBufferPointer { slots in
        let base = slots.baseAddress!
        parallelChunks(count: chunks, minimumChunk: 1) { indices in
            for chunk in indices {
                let start = chunk * chunkSize
                base[chunk] = start < count ? partial(start..<min(start + chunkSize, count)) : 0
            }
        }
    }
    return partials.reduce(0, +)
}

/// Runs two independent computations side by side, one per core (each on the calling thread
/// when already inside a parallel worker, or on a single core), and returns both results.
/// Callers guarantee the two write disjoint memory.
public func inParallel<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    nonisolated(unsafe) var a: A?
    nonisolated(unsafe) var b: B?
    parallelChunks(count: 2, minimumChunk: 1) { indices in
        for index in indices {
            if index == 0 { a = first() } else { b = second() }
        }
    }
    return (a!, b!)
}
