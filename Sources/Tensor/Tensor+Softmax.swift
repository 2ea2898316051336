import Glibc

/// Softmax over the last axis, forward and backward.
///
/// ```
/// y[…, i] = exp(x[…, i] − max_j x[…, j]) / Σ_j exp(x[…, j] − max_j x[…, j])
/// dx[…, i] = y[…, i] · (g[…, i] − Σ_j g[…, j] · y[…, j])
/// ```
extension Tensor {
    /// Softmax along the last axis (numerically stable: the row maximum is subtracted).
    /// - Precondition: rank ≥ 1.
    public func softmax() -> Tensor {
        precondition(rank >= 1, "softmax: needs at least one axis, got \(shape)")
        let length = shape[rank - 1], rows = count / max(length, 1)
        var result = Tensor(uninitializedShape: shape)
        if count == 0 { return result }
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                let px = x.baseAddress!, py = y.baseAddress!
                parallelChunks(count: rows, minimumChunk: max(1, 16_384 / length)) { range in
                    for row in range {
                        let input = px + row * length, output = py + row * length
                        var largest = -Float.infinity
                        for i in 0..<length { largest = Swift.max(largest, input[i]) }
                        var total: Float = 0
                        for i in 0..<length {
                            let value = expf(input[i] - largest)
                            output[i] = value
                            total += value
                        }
                        let scale = 1 / total
                        for i in 0..<length { output[i] *= scale }
                    }
                }
            }
        }
        return result
    }

    /// The VJP of `softmax`, with `self` = y the softmax output and `gradient` = g.
    public func softmaxBackward(_ gradient: Tensor) -> Tensor {
        precondition(shape == gradient.shape, "softmaxBackward: \(shape) vs \(gradient.shape)")
        let length = shape[rank - 1], rows = count / max(length, 1)
        var result = Tensor(uninitializedShape: shape)
        if count == 0 { return result }
        withUnsafeBufferPointer { y in
            gradient.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { dx in
                    let py = y.baseAddress!, pg = g.baseAddress!, pd = dx.baseAddress!
                    parallelChunks(count: rows, minimumChunk: max(1, 16_384 / length)) { range in
                        for row in range {
                            let base = row * length
                            var dot: Float = 0
                            for i in 0..<length { dot += pg[base + i] * py[base + i] }
                            for i in 0..<length { pd[base + i] = py[base + i] * (pg[base + i] - dot) }
                        }
                    }
                }
            }
        }
        return result
    }
}
