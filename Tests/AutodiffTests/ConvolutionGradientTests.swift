import Autodiff
import Tensor
import TestSupport
import Testing

struct ConvolutionGradientTests {
    @Test func conv3dGradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 2, 3, 4, 4], seed: 131), w = randomTensor([3, 2, 2, 3, 3], seed: 132, scale: 0.5)
        let b = randomTensor([3], seed: 133)
        expectGradientsMatch(inputs: [x, w, b]) { v in
            conv3d(v[0], weight: v[1], bias: v[2], stride: [1, 2, 1], padding: [0, 1, 1])
        }
    }

    @Test func conv2dGradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 3, 5, 5], seed: 134), w = randomTensor([2, 3, 3, 3], seed: 135, scale: 0.5)
        expectGradientsMatch(inputs: [x, w]) { v in conv2d(v[0], weight: v[1], stride: [2, 2], padding: [1, 1]) }
    }

    @Test func conv3dOnAConstantInputGivesOnlyWeightGradients() {
        let x = Variable(randomTensor([1, 2, 2, 3, 3], seed: 136))
        let w = Variable(randomTensor([2, 2, 1, 2, 2], seed: 137), requiresGradient: true)
        conv3d(x, weight: w).sum().backward()
        #expect(x.grad == nil)
        #expect(w.grad?.shape == [2, 2, 1, 2, 2])
    }
}
