import Synchronization

/// Reusable scratch memory for the kernels' temporaries (im2col columns, padded inputs, folded
/// gradients), so a training step does not allocate, page-fault or zero-fill them afresh.
///
/// A small pool of 64-byte aligned Float buffers behind a mutex. `withBuffer` lends one buffer
/// with at least `count` elements (the smallest that fits, else the largest one regrown) and
/// takes it back afterwards, so nested and concurrent callers each get their own. The pool keeps
/// at most `retainedBuffers` buffers; the rest are freed on return. Resident memory therefore
/// settles at the few largest temporaries in use at the same time.
/// The contents are uninitialised: callers write before they read.
public enum Workspace {
    /// One pooled allocation. `@unchecked Sendable`: only the borrower touches the memory.
    struct Slab: @unchecked Sendable {
        let base: UnsafeMutablePointer<Float>
        let capacity: Int
    }

    /// Buffers kept for reuse after they are returned.
    static let retainedBuffers = 6
    private static let pool = Mutex<[Slab]>([])

    /// Lends an uninitialised buffer of at least `count` Floats to `body`.
    public static func withBuffer<Result>(count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> Result) rethrows -> Result {
        let slab = take(count: max(count, 1))
        defer { give(slab) }
        return try body(slab.base)
    }

    private static func take(count: Int) -> Slab {
        let reused: Slab? = pool.withLock { slabs in
            if let fit = slabs.indices.filter({ slabs[$0].capacity >= count }).min(by: { slabs[$0].capacity < slabs[$1].capacity }) {
                return slabs.remove(at: fit)
            }
            guard let largest = slabs.indices.max(by: { slabs[$0].capacity < slabs[$1].capacity }) else { return nil }
            return slabs.remove(at: largest)
        }
        if let reused, reused.capacity >= count { return reused }
        if let reused { free(reused) }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        return Slab(base: raw.bindMemory(to: Float.self, capacity: count), capacity: count)
    }

    private static func give(_ slab: Slab) {
        let evicted: Slab? = pool.withLock { slabs in
            slabs.append(slab)
            guard slabs.count > retainedBuffers,
                let smallest = slabs.indices.min(by: { slabs[$0].capacity < slabs[$1].capacity })
            else { return nil }
            return slabs.remove(at: smallest)
        }
        if let evicted { free(evicted) }
    }

    private static func free(_ slab: Slab) {
        UnsafeMutableRawPointer(slab.base).deallocate()
    }
}
