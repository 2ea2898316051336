import Glibc

/// The nonlinearity applied to one channel slice by the fused gate op.
public enum GateActivation: Sendable, Equatable {
    case sigmoid
    case tanh
    case identity
    case relu
}

/// Fused gate activations: one pass over a stacked pre-activation tensor.
///
/// The input `[N, k·C, …]` holds k gate pre-activations stacked along the channel axis (as one
/// conv with k·C output channels produces them); slice j (channels j·C ..< (j+1)·C) gets
/// `activations[j]`. The VJP uses only the output: σ' = y(1−y), tanh' = 1−y², relu' = [y > 0],
/// identity' = 1. LSTM-style cells call this once instead of k slices and k activation passes.
extension Tensor {
    /// Applies `activations[j]` to channel slice j; output has the input's shape.
    /// - Precondition: rank ≥ 2 and `shape[1]` divisible by `activations.count`.
    public func gateActivations(_ activations: [GateActivation]) -> Tensor {
        let (outer, slice, inner) = gateLayout(activations.count)
        var result = Tensor(uninitializedShape: shape)
        if count == 0 { return result }
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                let px = x.baseAddress!, py = y.baseAddress!
                parallelChunks(count: outer * activations.count, minimumChunk: max(1, 16_384 / (slice * inner))) { blocks in
                    for block in blocks {
                        let start = block * slice * inner, length = slice * inner
                        let input = px + start, output = py + start
                        switch activations[block % activations.count] {
                        case .sigmoid: for i in 0..<length { output[i] = 1 / (1 + expf(-input[i])) }
                        case .tanh: for i in 0..<length { output[i] = hyperbolicTangent(input[i]) }
                        case .identity: output.update(from: input, count: length)
                        case .relu: for i in 0..<length { output[i] = Swift.max(input[i], 0) }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The VJP of `gateActivations`, with `self` = its output y and `gradient` = g.
    public func gateActivationsBackward(_ gradient: Tensor, activations: [GateActivation]) -> Tensor {
        precondition(shape == gradient.shape, "gateActivationsBackward: \(shape) vs \(gradient.shape)")
        let (outer, slice, inner) = gateLayout(activations.count)
        var result = Tensor(uninitializedShape: shape)
        if count == 0 { return result }
        withUnsafeBufferPointer { y in
            gradient.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { dx in
                    let py = y.baseAddress!, pg = g.baseAddress!, pd = dx.baseAddress!
                    parallelChunks(count: outer * activations.count, minimumChunk: max(1, 16_384 / (slice * inner))) { blocks in
                        for block in blocks {
                            let start = block * slice * inner, length = slice * inner
                            let output = py + start, upstream = pg + start, target = pd + start
                            switch activations[block % activations.count] {
                            case .sigmoid: for i in 0..<length { target[i] = upstream[i] * output[i] * (1 - output[i]) }
                            case .tanh: for i in 0..<length { target[i] = upstream[i] * (1 - output[i] * output[i]) }
                            case .identity: target.update(from: upstream, count: length)
                            case .relu: for i in 0..<length { target[i] = output[i] > 0 ? upstream[i] : 0 }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// (samples, channels per slice, elements per channel) for a k-way channel split.
    private func gateLayout(_ slices: Int) -> (Int, Int, Int) {
        precondition(
            rank >= 2 && slices >= 1 && shape[1] % slices == 0,
            "gateActivations: channel axis of \(shape) not divisible into \(slices) slices")
        return (shape[0], shape[1] / slices, shape[2...].reduce(1, *))
    }
}
