import Tensor

/// Layer norm over all non-batch axes of `[N, C, …]` with a per-channel gain and bias `[C]`
/// (see `Tensor.layerNorm` for the maths and `Tensor.layerNormBackward` for the VJP).
public func layerNorm(_ x: Variable, gain: Variable, bias: Variable, epsilon: Float = 1e-5) -> Variable {
    let forward = Tensor.layerNorm(x.value, gain: gain.value, bias: bias.value, epsilon: epsilon)
    let gainValue = gain.value
    return Variable(forward.output, parents: [x, gain, bias]) { g in
        let grads = Tensor.layerNormBackward(
            outputGradient: g, normalized: forward.normalized, inverseStandardDeviation: forward.inverseStandardDeviation,
            gain: gainValue)
        return [grads.input, grads.gain, grads.bias]
    }
}
