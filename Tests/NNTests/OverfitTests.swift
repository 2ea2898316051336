import Autodiff
import NN
import Tensor
import TestSupport
import Testing

/// A two-layer conv net with layer norm, for the overfitting check.
final class TinyConvNet: Layer {
    let first: Conv2D, norm: LayerNorm, second: Conv2D
    init(using generator: inout SplitMix64) {
        first = Conv2D(inputChannels: 2, outputChannels: 8, kernelSize: [3, 3], padding: [1, 1], using: &generator)
        norm = LayerNorm(channels: 8)
        second = Conv2D(inputChannels: 8, outputChannels: 1, kernelSize: [3, 3], padding: [1, 1], using: &generator)
    }
    var namedParameters: [(String, Variable)] {
        first.namedParameters(prefixedBy: "first") + norm.namedParameters(prefixedBy: "norm")
            + second.namedParameters(prefixedBy: "second")
    }
    func callAsFunction(_ x: Variable) -> Variable { second(tanh(norm(first(x)))) }
}

struct OverfitTests {
    @Test func tinyModelOverfitsOneBatch() {
        // Given one fixed batch of 4 random 6×6 two-channel inputs and a smooth target
        var generator = SplitMix64(seed: 501)
        let model = TinyConvNet(using: &generator)
        let x = Variable(randomTensor([4, 2, 6, 6], seed: 502))
        let target = Variable(randomTensor([4, 1, 6, 6], seed: 503, scale: 0.5))
        var adam = Adam(learningRate: 1e-2)
        let schedule = CosineDecay(initialLearningRate: 1e-2, minimumLearningRate: 1e-3, decaySteps: 400)
        let initial = meanSquaredError(model(x), target).value.scalarValue
        // When: 400 Adam steps
        var loss: Float = .infinity
        for step in 0..<400 {
            model.zeroGradients()
            let value = meanSquaredError(model(x), target)
            loss = value.value.scalarValue
            value.backward()
            clipGradientsByGlobalNorm(model.namedParameters, maximumNorm: 5)
            adam.learningRate = schedule.learningRate(atStep: step)
            adam.update(model.namedParameters)
        }
        // Then the loss is near zero: 4·36 targets, 8·18+8·... = 243 parameters suffice.
        #expect(loss < 1e-3 * initial, "loss \(loss) from \(initial)")
    }
}
