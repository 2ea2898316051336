import Tensor
import TestSupport
import Testing

/// One conv3d configuration checked against the naive loops of `Reference`.
struct ConvolutionCase: Sendable, CustomStringConvertible {
    var input: [Int]  // [N, C, D, H, W]
    var weight: [Int]  // [O, C, kD, kH, kW]
    var stride: [Int]
    var padding: [Int]
    var description: String { "x\(input) w\(weight) s\(stride) p\(padding)" }

    static let all: [ConvolutionCase] = [
        ConvolutionCase(input: [2, 3, 4, 5, 6], weight: [4, 3, 2, 3, 3], stride: [1, 1, 1], padding: [0, 0, 0]),
        ConvolutionCase(input: [2, 2, 5, 7, 6], weight: [3, 2, 3, 3, 2], stride: [2, 2, 3], padding: [1, 1, 1]),
        ConvolutionCase(input: [1, 3, 3, 4, 4], weight: [5, 3, 1, 1, 1], stride: [1, 1, 1], padding: [0, 0, 0]),
        // E3D-LSTM style: 2×5×5 kernel, spatial padding 2 ("same"), temporal padding 0.
        ConvolutionCase(input: [2, 2, 2, 6, 6], weight: [3, 2, 2, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2]),
        // Padding wider than the kernel reach on one axis.
        ConvolutionCase(input: [1, 1, 2, 3, 3], weight: [2, 1, 1, 2, 2], stride: [1, 2, 2], padding: [1, 2, 2]),
        // Batches of 3, 4 and 9 (on two cores: one group with parallel kernels; two groups of two
        // samples, which accumulate dW across samples; an uneven split), and pointwise
        // convolutions, whose columns are the input itself.
        ConvolutionCase(input: [3, 2, 1, 5, 4], weight: [3, 2, 1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1]),
        ConvolutionCase(input: [4, 2, 2, 6, 6], weight: [3, 2, 2, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2]),
        ConvolutionCase(input: [9, 2, 1, 4, 5], weight: [2, 2, 1, 3, 3], stride: [1, 1, 1], padding: [0, 1, 1]),
        ConvolutionCase(input: [4, 5, 1, 3, 4], weight: [3, 5, 1, 1, 1], stride: [1, 1, 1], padding: [0, 0, 0]),
    ]
}

struct ConvolutionTests {
    @Test(arguments: ConvolutionCase.all)
    func conv3dForwardMatchesNaiveLoops(_ c: ConvolutionCase) {
        let x = randomTensor(c.input, seed: 41), w = randomTensor(c.weight, seed: 42), b = randomTensor([c.weight[0]], seed: 43)
        expectClose(Tensor.conv3d(x, weight: w, bias: b, stride: c.stride, padding: c.padding),
                    Reference.conv3d(x, weight: w, bias: b, stride: c.stride, padding: c.padding), rtol: 1e-4, atol: 1e-4)
        expectClose(Tensor.conv3d(x, weight: w, stride: c.stride, padding: c.padding),
                    Reference.conv3d(x, weight: w, bias: nil, stride: c.stride, padding: c.padding), rtol: 1e-4, atol: 1e-4)
    }

    @Test(arguments: ConvolutionCase.all)
    func conv3dBackwardMatchesNaiveLoops(_ c: ConvolutionCase) {
        let x = randomTensor(c.input, seed: 44), w = randomTensor(c.weight, seed: 45)
        let y = Tensor.conv3d(x, weight: w, stride: c.stride, padding: c.padding)
        let g = randomTensor(y.shape, seed: 46)
        let fast = Tensor.conv3dBackward(input: x, weight: w, outputGradient: g, stride: c.stride, padding: c.padding)
        let naive = Reference.conv3dBackward(x, weight: w, outputGradient: g, stride: c.stride, padding: c.padding)
        expectClose(fast.input!, naive.input, rtol: 1e-4, atol: 1e-4, "dx")
        expectClose(fast.weight, naive.weight, rtol: 1e-4, atol: 1e-4, "dW")
        expectClose(fast.bias, naive.bias, rtol: 1e-4, atol: 1e-4, "db")
        #expect(Tensor.conv3dBackward(input: x, weight: w, outputGradient: g, stride: c.stride, padding: c.padding,
                                      computeInputGradient: false).input == nil)
    }

    @Test func conv2dMatchesNaiveLoopsForwardAndBackward() {
        let x = randomTensor([2, 3, 7, 6], seed: 47), w = randomTensor([4, 3, 3, 3], seed: 48), b = randomTensor([4], seed: 49)
        let y = Tensor.conv2d(x, weight: w, bias: b, stride: [2, 1], padding: [1, 1])
        expectClose(y, Reference.conv2d(x, weight: w, bias: b, stride: [2, 1], padding: [1, 1]), rtol: 1e-4, atol: 1e-4)
        // The 2-D backward equals the 3-D naive backward with depth 1.
        let g = randomTensor(y.shape, seed: 50)
        let fast = Tensor.conv2dBackward(input: x, weight: w, outputGradient: g, stride: [2, 1], padding: [1, 1])
        let naive = Reference.conv3dBackward(
            x.reshaped([2, 3, 1, 7, 6]), weight: w.reshaped([4, 3, 1, 3, 3]), outputGradient: g.reshaped([2, 4, 1] + Array(y.shape[2...])),
            stride: [1, 2, 1], padding: [0, 1, 1])
        expectClose(fast.input!, naive.input.reshaped(x.shape), rtol: 1e-4, atol: 1e-4)
        expectClose(fast.weight, naive.weight.reshaped(w.shape), rtol: 1e-4, atol: 1e-4)
        expectClose(fast.bias, naive.bias, rtol: 1e-4, atol: 1e-4)
    }
}
