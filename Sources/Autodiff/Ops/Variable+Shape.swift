import Tensor

/// Reshape, permute, slice, concatenate and split. Their VJPs only move elements back.
extension Variable {
    /// Same elements, new shape (one extent may be −1). VJP: reshape back.
    public func reshaped(_ newShape: [Int]) -> Variable {
        let inputShape = shape
        return Variable(value.reshaped(newShape), parents: [self]) { g in [g.reshaped(inputShape)] }
    }

    /// Axes reordered, `result.shape[i] = shape[axes[i]]`. VJP: the inverse permutation.
    public func permuted(_ axes: [Int]) -> Variable {
        let inverse = Tensor.inversePermutation(axes)
        return Variable(value.permuted(axes), parents: [self]) { g in [g.permuted(inverse)] }
    }

    /// Elements `range` along `axis`. VJP: zero-padding back to the input shape, done by
    /// `backward()` as an in-place add into the parent's gradient (one buffer for all slices).
    public func slice(axis: Int, range: Range<Int>) -> Variable {
        let axis = value.normalizedAxis(axis)
        return Variable(value.slice(axis: axis, range: range), sliceOf: self, axis: axis, offset: range.lowerBound)
    }

    /// Consecutive pieces along `axis` with the given sizes (each a `slice`); their gradients
    /// accumulate into one parent-sized buffer.
    public func split(axis: Int, sizes: [Int]) -> [Variable] {
        let axis = value.normalizedAxis(axis)
        precondition(sizes.reduce(0, +) == shape[axis], "split: sizes \(sizes) do not sum to \(shape[axis])")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: axis, range: start..<(start + size))
        }
    }

    /// Joins variables along `axis`. VJP: the upstream gradient split into the same pieces.
    public static func concatenate(_ variables: [Variable], axis: Int) -> Variable {
        let values = variables.map(\.value)
        let result = Tensor.concatenate(values, axis: axis)
        let resolved = result.normalizedAxis(axis)
        let sizes = values.map { $0.shape[resolved] }
        return Variable(result, parents: variables) { g in g.split(axis: resolved, sizes: sizes) }
    }
}
