import Dispatch
import Glibc

/// Splits rows `0..<rows` into contiguous bands and runs `body` on each band, one band per core.
///
/// Small grids run on the calling thread: below `minimumCells` cells the dispatch overhead
/// (a few µs) outweighs the work.
@inline(__always)
func forEachRowBand(rows: Int, columns: Int, minimumCells: Int = 12_288, _ body: (Range<Int>) -> Void) {
    let bands = rows * columns < minimumCells ? 1 : min(ParallelRows.coreCount, rows)
    if bands == 1 {
        body(0..<rows)
        return
    }
    withoutActuallyEscaping(body) { body in
        let task = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            task.value((band * rows / bands)..<((band + 1) * rows / bands))
        }
    }
}

/// Runs `body(index)` for `0..<count` on all cores (work items may differ in size).
func forEachIndexInParallel(_ count: Int, _ body: (Int) -> Void) {
    guard count > 1 else {
        if count == 1 { body(0) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let task = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { task.value($0) }
    }
}

enum ParallelRows {
    /// Online processors, read once.
    static let coreCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

/// Carries a value whose thread-safety the caller guarantees (disjoint writes per band) into a
/// concurrent loop.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
