/// Shape arithmetic shared by the kernels: broadcasting and strides.
public enum Shape {
    /// The NumPy broadcast of two shapes: right-aligned, each pair of extents equal or one of them 1.
    /// - Precondition: the shapes are broadcast-compatible.
    public static func broadcast(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let extentA = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let extentB = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            precondition(
                extentA == extentB || extentA == 1 || extentB == 1,
                "broadcast: shapes \(a) and \(b) are incompatible at axis \(axis)")
            result[axis] = extentA == 1 ? extentB : extentA
        }
        return result
    }

    /// Row-major strides of `shape` seen as `target` (left-padded with 1s); broadcast axes get 0.
    static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: target.count)
        var running = 1
        for axis in stride(from: target.count - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 && target[axis] != 1 ? 0 : running
            running *= padded[axis]
        }
        return strides
    }

    /// Merges neighbouring axes that every operand walks contiguously, so loops run long.
    ///
    /// Axes `i` and `i+1` merge when, for every stride list, `strides[i] == strides[i+1] * shape[i+1]`.
    /// Returns the merged shape and stride lists (same length, at least one axis).
    static func coalesce(_ shape: [Int], _ strideLists: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
        var outShape: [Int] = []
        var outStrides: [[Int]] = Array(repeating: [], count: strideLists.count)
        for axis in 0..<shape.count where shape[axis] != 1 {
            if let last = outShape.last,
                strideLists.indices.allSatisfy({ outStrides[$0].last! == strideLists[$0][axis] * shape[axis] })
            {
                outShape[outShape.count - 1] = last * shape[axis]
                for list in strideLists.indices { outStrides[list][outStrides[list].count - 1] = strideLists[list][axis] }
            } else {
                outShape.append(shape[axis])
                for list in strideLists.indices { outStrides[list].append(strideLists[list][axis]) }
            }
        }
        if outShape.isEmpty {
            return ([1], Array(repeating: [1], count: strideLists.count))
        }
        return (outShape, outStrides)
    }
}

/// Walks a coalesced index space as runs along its last axis.
///
/// Calls `body(offsets, length)` once per run in `runs` (all runs by default, row-major order),
/// where `offsets[k]` is operand `k`'s element offset at the run's start; the run then steps by
/// `strides[k].last!` for `length` elements.
func forEachRun(shape: [Int], strides: [[Int]], runs: Range<Int>? = nil, _ body: ([Int], Int) -> Void) {
    let rank = shape.count
    let length = shape[rank - 1]
    let runs = runs ?? 0..<shape.dropLast().reduce(1, *)
    if runs.isEmpty { return }
    var index = [Int](repeating: 0, count: max(rank - 1, 0))
    var offsets = [Int](repeating: 0, count: strides.count)
    var remaining = runs.lowerBound
    for axis in stride(from: rank - 2, through: 0, by: -1) {
        index[axis] = remaining % shape[axis]
        remaining /= shape[axis]
        for k in strides.indices { offsets[k] += index[axis] * strides[k][axis] }
    }
    for _ in runs {
        body(offsets, length)
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            for k in strides.indices { offsets[k] += strides[k][axis] }
            if index[axis] < shape[axis] { break }
            for k in strides.indices { offsets[k] -= strides[k][axis] * shape[axis] }
            index[axis] = 0
            axis -= 1
        }
    }
}

/// `forEachRun` split over the cores by runs, for kernels whose runs write disjoint elements
/// (every output element belongs to exactly one run). Small spaces run on the calling thread.
func parallelForEachRun(shape: [Int], strides: [[Int]], _ body: ([Int], Int) -> Void) {
    let length = shape[shape.count - 1]
    let runCount = shape.dropLast().reduce(1, *)
    parallelChunks(count: runCount, minimumChunk: max(1, (1 << 15) / max(length, 1))) { runs in
        forEachRun(shape: shape, strides: strides, runs: runs, body)
    }
}
