import Glibc
import Tensor
import TestSupport
import Testing

struct TensorKernelsTests {
    @Test func spaceToDepthFollowsPixelUnshuffleOrder() {
        let x = randomTensor([2, 3, 8, 4], seed: 51)
        let y = x.spaceToDepth(blockSize: 2)
        #expect(y.shape == [2, 12, 4, 2])
        for n in 0..<2 { for c in 0..<3 { for h in 0..<4 { for w in 0..<2 { for i in 0..<2 { for j in 0..<2 {
            #expect(y[n, c * 4 + i * 2 + j, h, w] == x[n, c, h * 2 + i, w * 2 + j])
        } } } } } }
        #expect(y.depthToSpace(blockSize: 2) == x)
    }

    @Test func layerNormMatchesDoubleReference() {
        let x = randomTensor([3, 4, 2, 5], seed: 52, scale: 3), gain = randomTensor([4], seed: 53), bias = randomTensor([4], seed: 54)
        let result = Tensor.layerNorm(x, gain: gain, bias: bias, epsilon: 1e-5)
        expectClose(result.output, Reference.layerNorm(x, gain: gain, bias: bias, epsilon: 1e-5), rtol: 1e-4, atol: 1e-5)
    }

    @Test func softmaxRowsArePositiveAndSumToOne() {
        let x = randomTensor([4, 9], seed: 55, scale: 10)
        let y = x.softmax()
        for row in 0..<4 {
            let values = (0..<9).map { y[row, $0] }
            #expect(values.allSatisfy { $0 > 0 })
            expectClose(values.reduce(0, +), 1, rtol: 1e-6, atol: 1e-6)
            // Ratios equal exp differences.
            expectClose(values[1] / values[0], expf(x[row, 1] - x[row, 0]), rtol: 1e-4)
        }
    }

    @Test func gateActivationsMatchPerSliceFunctions() {
        let x = randomTensor([2, 8, 3], seed: 56, scale: 2)
        let y = x.gateActivations([.sigmoid, .tanh, .identity, .relu])
        let slices = x.split(axis: 1, sizes: [2, 2, 2, 2])
        let expected = Tensor.concatenate([slices[0].sigmoid(), slices[1].tanh(), slices[2], slices[3].relu()], axis: 1)
        expectClose(y, expected, rtol: 1e-6, atol: 1e-7)
    }
}
