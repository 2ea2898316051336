import Tensor
import TestSupport
import Testing

/// Winograd F(2×2, 5×5) convolutions (5×5, unit stride, padding 2, kernel depth = input depth)
/// against the naive loops of `Reference`, forward and backward.
struct Winograd5x5Tests {
    /// Shapes: a partial group of tiles; odd height and width (tiles past the edge); the folded
    /// temporal kernel (kD = D = 2) with a 9-tile row (one full group of 8 and a tail) and a batch
    /// of 3; 70 output channels (two output blocks) on a 16×16 grid (full 16-column stores).
    static let cases: [ConvolutionCase] = [
        ConvolutionCase(input: [2, 3, 1, 6, 6], weight: [4, 3, 1, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2]),
        ConvolutionCase(input: [1, 2, 1, 5, 7], weight: [3, 2, 1, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2]),
        ConvolutionCase(input: [3, 2, 2, 4, 18], weight: [5, 2, 2, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2]),
        ConvolutionCase(input: [2, 3, 1, 16, 16], weight: [70, 3, 1, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2]),
    ]

    @Test(arguments: cases)
    func forwardMatchesNaiveLoops(_ c: ConvolutionCase) {
        let x = randomTensor(c.input, seed: 51), w = randomTensor(c.weight, seed: 52, scale: 0.2), b = randomTensor([c.weight[0]], seed: 53)
        expectClose(Tensor.conv3d(x, weight: w, bias: b, stride: c.stride, padding: c.padding),
                    Reference.conv3d(x, weight: w, bias: b, stride: c.stride, padding: c.padding), rtol: 1e-4, atol: 1e-4)
    }

    /// The weight gradient sums products over every position in the transformed domain, where
    /// values are amplified (Bᵀ has entries up to 5) and cancel again: its rounding error was
    /// 2–5e-6 of the gradient's largest element on these cases (im2col + GEMM: about 1e-7), so
    /// 2e-5 of it is the absolute tolerance for dW, next to the usual relative one.
    @Test(arguments: cases)
    func backwardMatchesNaiveLoops(_ c: ConvolutionCase) {
        let x = randomTensor(c.input, seed: 54), w = randomTensor(c.weight, seed: 55, scale: 0.2)
        let g = randomTensor([c.input[0], c.weight[0], 1, c.input[3], c.input[4]], seed: 56)
        let fast = Tensor.conv3dBackward(input: x, weight: w, outputGradient: g, stride: c.stride, padding: c.padding)
        let naive = Reference.conv3dBackward(x, weight: w, outputGradient: g, stride: c.stride, padding: c.padding)
        expectClose(fast.input!, naive.input, rtol: 1e-4, atol: 1e-4, "dx")
        let scale = naive.weight.maximumMagnitude
        expectClose(fast.weight, naive.weight, rtol: 1e-4, atol: 2e-5 * scale, "dW")
        expectClose(fast.bias, naive.bias, rtol: 1e-4, atol: 1e-4, "db")
        let weightOnly = Tensor.conv3dBackward(
            input: x, weight: w, outputGradient: g, stride: c.stride, padding: c.padding, computeInputGradient: false)
        #expect(weightOnly.input == nil)
        expectClose(weightOnly.weight, fast.weight, rtol: 0, atol: 0, "dW without dx")
    }

    /// Transformed kernels are reused only while the weights are unchanged: after an in-place
    /// update (as an optimiser makes) and after a fresh tensor with equal values, results still
    /// match the naive loops.
    @Test func cachedTransformsFollowTheWeights() {
        let c = Self.cases[0]
        let x = randomTensor(c.input, seed: 57)
        var w = randomTensor(c.weight, seed: 58, scale: 0.2)
        for round in 0..<3 {
            expectClose(Tensor.conv3d(x, weight: w, stride: c.stride, padding: c.padding),
                        Reference.conv3d(x, weight: w, bias: nil, stride: c.stride, padding: c.padding), rtol: 1e-4, atol: 1e-4, "round \(round)")
            w.withUnsafeMutableBufferPointer { values in values[round * 7] += 0.5 }
        }
        let copy = Tensor(shape: w.shape, scalars: Array(w.scalars))
        expectClose(Tensor.conv3d(x, weight: copy, stride: c.stride, padding: c.padding),
                    Reference.conv3d(x, weight: w, bias: nil, stride: c.stride, padding: c.padding), rtol: 1e-4, atol: 1e-4)
    }
}
