import Autodiff
import NN
import Tensor
import TestSupport
import Testing

struct LayerTests {
    @Test func linearComputesXWTransposePlusB() {
        var generator = SplitMix64(seed: 401)
        let layer = Linear(inputFeatures: 4, outputFeatures: 3, using: &generator)
        let x = randomTensor([5, 4], seed: 402)
        let expected = Reference.matmul(x, layer.weight.value.permuted([1, 0])) + layer.bias!.value
        expectClose(layer(Variable(x)).value, expected, rtol: 1e-5, atol: 1e-6)
        #expect(layer.namedParameters.map(\.0) == ["weight", "bias"])
        #expect(layer.parameterCount == 15)
        // PyTorch's init bound 1/√fanIn.
        #expect(layer.weight.value.maximumMagnitude <= 0.5)
    }

    @Test func convolutionLayersMatchTheReferenceKernels() {
        var generator = SplitMix64(seed: 403)
        let conv = Conv3D(inputChannels: 2, outputChannels: 3, kernelSize: [2, 3, 3], padding: [0, 1, 1], using: &generator)
        let x = randomTensor([2, 2, 2, 4, 4], seed: 404)
        expectClose(conv(Variable(x)).value,
                    Reference.conv3d(x, weight: conv.weight.value, bias: conv.bias!.value, stride: [1, 1, 1], padding: [0, 1, 1]),
                    rtol: 1e-4, atol: 1e-5)
        let conv2 = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: [3, 3], stride: [2, 2], bias: false, using: &generator)
        let image = randomTensor([1, 2, 7, 7], seed: 405)
        expectClose(conv2(Variable(image)).value,
                    Reference.conv2d(image, weight: conv2.weight.value, bias: nil, stride: [2, 2], padding: [0, 0]), rtol: 1e-4, atol: 1e-5)
        #expect(conv2.namedParameters.map(\.0) == ["weight"])
    }

    @Test func layerNormIsResolutionFreeAndNormalisesEachSample() {
        let norm = LayerNorm(channels: 3)
        #expect(norm.parameterCount == 6)
        for size in [4, 9] {
            let x = randomTensor([2, 3, size, size], seed: 406, scale: 5) + 2
            let y = norm(Variable(x)).value
            for sample in 0..<2 {
                let values = y.slice(axis: 0, range: sample..<sample + 1)
                expectClose(values.mean(), 0, atol: 1e-5)
                expectClose(Float(values.sumOfSquares) / Float(values.count), 1, rtol: 1e-3)
            }
        }
    }

    @Test func lossesMatchTheirDefinitionsAndGradients() {
        let p = randomTensor([3, 4], seed: 407), t = randomTensor([3, 4], seed: 408)
        let difference = (0..<12).map { Double(p.scalars[$0]) - Double(t.scalars[$0]) }
        expectClose(meanSquaredError(Variable(p), Variable(t)).value.scalarValue, Float(difference.map { $0 * $0 }.reduce(0, +) / 12), rtol: 1e-5)
        expectClose(meanAbsoluteError(Variable(p), Variable(t), reduction: .sum).value.scalarValue,
                    Float(difference.map { Swift.abs($0) }.reduce(0, +)), rtol: 1e-5)
        expectGradientsMatch(inputs: [p, t]) { v in meanSquaredError(v[0], v[1]) + meanAbsoluteError(v[0], v[1]) }
    }
}
