/// Axis permutation, slicing, concatenation and splitting (all copies into contiguous storage).
extension Tensor {
    /// The tensor with its axes reordered: `result.shape[i] == shape[axes[i]]`.
    ///
    /// ```
    /// result[i₀, …, iₖ] = self[j] with j[axes[m]] = i_m
    /// ```
    /// The inverse permutation undoes it (`Tensor.inversePermutation`).
    /// - Precondition: `axes` is a permutation of `0..<rank`.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permuted: \(axes) is not a permutation for shape \(shape)")
        let outShape = axes.map { shape[$0] }
        var result = Tensor(uninitializedShape: outShape)
        if count == 0 || axes == Array(0..<rank) { return Tensor(shape: outShape, scalars: scalars) }
        let inStrides = strides
        let (runShape, runStrides) = Shape.coalesce(
            outShape, [Shape.broadcastStrides(of: outShape, to: outShape), axes.map { inStrides[$0] }])
        let step = runStrides[1].last!
        withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { out in
                let pi = input.baseAddress!, po = out.baseAddress!
                parallelForEachRun(shape: runShape, strides: runStrides) { offsets, length in
                    let o = po + offsets[0], x = pi + offsets[1]
                    for i in 0..<length { o[i] = x[i * step] }
                }
            }
        }
        return result
    }

    /// The permutation `p⁻¹` with `p⁻¹[p[i]] = i`.
    public static func inversePermutation(_ axes: [Int]) -> [Int] {
        var inverse = [Int](repeating: 0, count: axes.count)
        for (index, axis) in axes.enumerated() { inverse[axis] = index }
        return inverse
    }

    /// Elements `range` along `axis`; other axes are kept whole.
    /// - Precondition: `range` lies within `0..<shape[axis]`.
    public func slice(axis: Int, range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(
            range.lowerBound >= 0 && range.upperBound <= shape[axis],
            "slice: \(range) outside 0..<\(shape[axis]) on axis \(axis) of \(shape)")
        var outShape = shape
        outShape[axis] = range.count
        var result = Tensor(uninitializedShape: outShape)  // every element is copied below
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let extent = shape[axis], length = range.count * inner
        if result.count == 0 { return result }
        withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { out in
                let pi = input.baseAddress!, po = out.baseAddress!
                for o in 0..<outer {
                    (po + o * length).update(from: pi + (o * extent + range.lowerBound) * inner, count: length)
                }
            }
        }
        return result
    }

    /// Zeros of `shape` with `self` written at `offset` along `axis`: the VJP of `slice`.
    public func padded(into fullShape: [Int], axis: Int, offset: Int) -> Tensor {
        var result = Tensor(zeros: fullShape)
        let axis = result.normalizedAxis(axis)
        precondition(
            fullShape.count == rank && (0..<rank).allSatisfy { $0 == axis || fullShape[$0] == shape[$0] }
                && offset >= 0 && offset + shape[axis] <= fullShape[axis],
            "padded: \(shape) does not fit \(fullShape) at offset \(offset) on axis \(axis)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let length = shape[axis] * inner, extent = fullShape[axis]
        if count == 0 { return result }
        withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { out in
                let pi = input.baseAddress!, po = out.baseAddress!
                for o in 0..<outer {
                    (po + (o * extent + offset) * inner).update(from: pi + o * length, count: length)
                }
            }
        }
        return result
    }

    /// Adds `part` into the elements `offset ..< offset + part.shape[axis]` along `axis`, in place:
    /// `self += part.padded(into: shape, axis: axis, offset: offset)` without the full-size temporary.
    /// This is how slice gradients accumulate into their parent's gradient.
    /// - Precondition: `part` matches `shape` off `axis` and fits at `offset`.
    public mutating func addSlice(_ part: Tensor, axis: Int, offset: Int) {
        let axis = normalizedAxis(axis)
        precondition(
            part.rank == rank && (0..<rank).allSatisfy { $0 == axis || part.shape[$0] == shape[$0] }
                && offset >= 0 && offset + part.shape[axis] <= shape[axis],
            "addSlice: \(part.shape) does not fit \(shape) at offset \(offset) on axis \(axis)")
        if part.count == 0 { return }
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let length = part.shape[axis] * inner, extent = shape[axis]
        part.withUnsafeBufferPointer { input in
            withUnsafeMutableBufferPointer { out in
                let pi = input.baseAddress!, po = out.baseAddress!
                parallelChunks(count: outer, minimumChunk: max(1, (1 << 15) / length)) { blocks in
                    for o in blocks {
                        let target = po + (o * extent + offset) * inner, source = pi + o * length
                        for i in 0..<length { target[i] += source[i] }
                    }
                }
            }
        }
    }

    /// Joins tensors along `axis`; all other extents must agree.
    /// - Precondition: `tensors` is not empty and shapes agree off `axis`.
    public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate: no tensors")
        let first = tensors[0]
        let axis = first.normalizedAxis(axis)
        for tensor in tensors {
            precondition(
                tensor.rank == first.rank && (0..<first.rank).allSatisfy { $0 == axis || tensor.shape[$0] == first.shape[$0] },
                "concatenate: \(tensor.shape) does not match \(first.shape) off axis \(axis)")
        }
        var outShape = first.shape
        outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        var result = Tensor(uninitializedShape: outShape)  // every element is copied below
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        let outRow = outShape[axis] * inner
        result.withUnsafeMutableBufferPointer { out in
            guard let po = out.baseAddress else { return }
            var offset = 0
            for tensor in tensors {
                let length = tensor.shape[axis] * inner
                tensor.withUnsafeBufferPointer { input in
                    guard let pi = input.baseAddress else { return }
                    for o in 0..<outer { (po + o * outRow + offset).update(from: pi + o * length, count: length) }
                }
                offset += length
            }
        }
        return result
    }

    /// Cuts `self` along `axis` into consecutive pieces of the given sizes.
    /// - Precondition: `sizes` sum to `shape[axis]`.
    public func split(axis: Int, sizes: [Int]) -> [Tensor] {
        let axis = normalizedAxis(axis)
        precondition(sizes.reduce(0, +) == shape[axis], "split: sizes \(sizes) do not sum to \(shape[axis]) on axis \(axis)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: axis, range: start..<(start + size))
        }
    }
}
