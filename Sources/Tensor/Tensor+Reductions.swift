/// Sums and means over axes, and `unbroadcast`, the reduction that undoes broadcasting.
extension Tensor {
    /// Sums `self` down to `targetShape`, which must broadcast to `self.shape`.
    ///
    /// ```
    /// result[j] = Σ_{i : i broadcasts from j} self[i]
    /// ```
    /// This is the VJP of broadcasting: the gradient of `a + b` with respect to a broadcast `b`.
    /// `targetShape` may have fewer axes (left-padded with 1s) and 1s where `self` is larger.
    /// - Precondition: `Shape.broadcast(targetShape, shape) == shape`.
    public func unbroadcast(to targetShape: [Int]) -> Tensor {
        if targetShape == shape { return self }
        precondition(
            targetShape.count <= shape.count && Shape.broadcast(targetShape, shape) == shape,
            "unbroadcast: \(shape) cannot be reduced to \(targetShape)")
        var result = Tensor(zeros: targetShape)
        if count == 0 { return result }
        let (runShape, strides) = Shape.coalesce(
            shape, [Shape.broadcastStrides(of: shape, to: shape), Shape.broadcastStrides(of: targetShape, to: shape)])
        let targetStride = strides[1].last!
        let runLength = runShape[runShape.count - 1], runCount = count / runLength
        // Runs split over the cores when the input is large and the target small: each chunk
        // accumulates into its own target-sized partial, and the partials add up in chunk order.
        let chunks = min(processorCount, count / (1 << 15), runCount, count / max(4 * result.count, 1))
        withUnsafeBufferPointer { input in
            let pi = input.baseAddress!
            let accumulate = { (target: UnsafeMutablePointer<Float>, runs: Range<Int>) in
                forEachRun(shape: runShape, strides: strides, runs: runs) { offsets, length in
                    let x = pi + offsets[0], o = target + offsets[1]
                    if targetStride == 0 {
                        var total: Double = 0
                        for i in 0..<length { total += Double(x[i]) }
                        o[0] += Float(total)
                    } else {
                        for i in 0..<length { o[i * targetStride] += x[i] }
                    }
                }
            }
            result.withUnsafeMutableBufferPointer { out in
                let po = out.baseAddress!
                guard chunks > 1 else { return accumulate(po, 0..<runCount) }
                let targetCount = out.count
                Workspace.withBuffer(count: chunks * targetCount) { partials in
                    partials.update(repeating: 0, count: chunks * targetCount)
                    let chunkSize = (runCount + chunks - 1) / chunks
                    parallelChunks(count: chunks, minimumChunk: 1) { indices in
                        for chunk in indices {
                            let start = min(chunk * chunkSize, runCount)
                            accumulate(partials + chunk * targetCount, start..<min(start + chunkSize, runCount))
                        }
                    }
                    for chunk in 0..<chunks {
                        let partial = partials + chunk * targetCount
                        for i in 0..<targetCount { po[i] += partial[i] }
                    }
                }
            }
        }
        return result
    }

    /// Sum over the given axes.
    ///
    /// - Parameters:
    ///   - axes: axes to reduce (negative counts from the end); duplicates are not allowed.
    ///   - keepingDimensions: keep reduced axes with extent 1 (default) or drop them.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = true) -> Tensor {
        let resolved = Set(axes.map { normalizedAxis($0) })
        precondition(resolved.count == axes.count, "sum: repeated axis in \(axes) for shape \(shape)")
        let kept = shape.enumerated().map { resolved.contains($0.offset) ? 1 : $0.element }
        let reduced = unbroadcast(to: kept)
        if keepingDimensions { return reduced }
        return reduced.reshaped(shape.enumerated().filter { !resolved.contains($0.offset) }.map(\.element))
    }

    /// Mean over the given axes: `sum(alongAxes:) / (product of the reduced extents)`.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = true) -> Tensor {
        let reducedCount = Set(axes.map { normalizedAxis($0) }).reduce(1) { $0 * shape[$1] }
        var result = sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        result *= 1 / Float(max(reducedCount, 1))
        return result
    }

    /// Sum of all elements, accumulated in Double (per-core partial sums, added in chunk order).
    public func sum() -> Float {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return Float(parallelSum(count: buffer.count) { range in
                var total: Double = 0
                for i in range { total += Double(base[i]) }
                return total
            })
        }
    }

    /// Mean of all elements (NaN for an empty tensor).
    public func mean() -> Float { sum() / Float(count) }

    /// An axis in `0..<rank`, from a possibly negative index.
    /// - Precondition: `-rank ≤ axis < rank`.
    public func normalizedAxis(_ axis: Int) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < rank, "axis \(axis) out of range for shape \(shape)")
        return resolved
    }
}

extension Tensor {
    /// `self` repeated along broadcast axes to `targetShape`: the adjoint of `unbroadcast`.
    /// - Precondition: `Shape.broadcast(shape, targetShape) == targetShape`.
    public func broadcasted(to targetShape: [Int]) -> Tensor {
        if targetShape == shape { return self }
        precondition(
            shape.count <= targetShape.count && Shape.broadcast(shape, targetShape) == targetShape,
            "broadcasted: \(shape) cannot broadcast to \(targetShape)")
        var result = Tensor(uninitializedShape: targetShape)
        if result.count == 0 { return result }
        let (runShape, strides) = Shape.coalesce(
            targetShape,
            [Shape.broadcastStrides(of: targetShape, to: targetShape), Shape.broadcastStrides(of: shape, to: targetShape)])
        let sourceStride = strides[1].last!
        withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { out in
                let pi = input.baseAddress!, po = out.baseAddress!
                parallelForEachRun(shape: runShape, strides: strides) { offsets, length in
                    let o = po + offsets[0], x = pi + offsets[1]
                    if sourceStride == 0 {
                        o.update(repeating: x[0], count: length)
                    } else {
                        for i in 0..<length { o[i] = x[i * sourceStride] }
                    }
                }
            }
        }
        return result
    }
}
