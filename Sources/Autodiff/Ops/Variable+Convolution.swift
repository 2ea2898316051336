import Tensor

/// 3-D convolution (cross-correlation), input `[N, C, D, H, W]`, weight `[O, C, kD, kH, kW]`,
/// optional bias `[O]` → `[N, O, D', H', W']`; see `Tensor.conv3d` for the maths.
/// VJP: `Tensor.conv3dBackward` (dx skipped when `input` needs no gradient).
public func conv3d(
    _ input: Variable, weight: Variable, bias: Variable? = nil, stride: [Int] = [1, 1, 1], padding: [Int] = [0, 0, 0]
) -> Variable {
    let (x, w) = (input.value, weight.value)
    let needInput = input.requiresGradient
    let output = Tensor.conv3d(x, weight: w, bias: bias?.value, stride: stride, padding: padding)
    return Variable(output, parents: [input, weight] + (bias.map { [$0] } ?? [])) { g in
        let grads = Tensor.conv3dBackward(
            input: x, weight: w, outputGradient: g, stride: stride, padding: padding, computeInputGradient: needInput)
        return [grads.input, grads.weight] + (bias == nil ? [] : [grads.bias])
    }
}

/// 2-D convolution, input `[N, C, H, W]`, weight `[O, C, kH, kW]`, optional bias `[O]`
/// → `[N, O, H', W']`; see `Tensor.conv2d`.
public func conv2d(
    _ input: Variable, weight: Variable, bias: Variable? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0]
) -> Variable {
    let (x, w) = (input.value, weight.value)
    let needInput = input.requiresGradient
    let output = Tensor.conv2d(x, weight: w, bias: bias?.value, stride: stride, padding: padding)
    return Variable(output, parents: [input, weight] + (bias.map { [$0] } ?? [])) { g in
        let grads = Tensor.conv2dBackward(
            input: x, weight: w, outputGradient: g, stride: stride, padding: padding, computeInputGradient: needInput)
        return [grads.input, grads.weight] + (bias == nil ? [] : [grads.bias])
    }
}
