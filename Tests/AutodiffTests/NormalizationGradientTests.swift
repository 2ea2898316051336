import Autodiff
import Tensor
import TestSupport
import Testing

struct NormalizationGradientTests {
    @Test func layerNormGradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 3, 2, 3], seed: 141, scale: 2), gain = randomTensor([3], seed: 142), bias = randomTensor([3], seed: 143)
        expectGradientsMatch(inputs: [x, gain, bias], atol: 2e-3) { v in layerNorm(v[0], gain: v[1], bias: v[2]) }
    }

    @Test func softmaxGradientsMatchFiniteDifferences() {
        expectGradientsMatch(inputs: [randomTensor([3, 5], seed: 144, scale: 2)]) { v in softmax(v[0]) }
    }

    @Test func attentionMatchesReferenceAndFiniteDifferences() {
        let q = randomTensor([2, 3, 4], seed: 145), k = randomTensor([2, 5, 4], seed: 146), value = randomTensor([2, 5, 2], seed: 147)
        let output = attention(query: Variable(q), key: Variable(k), value: Variable(value), scale: 0.5)
        expectClose(output.value, Reference.attention(query: q, key: k, value: value, scale: 0.5), rtol: 1e-5, atol: 1e-5)
        expectGradientsMatch(inputs: [q, k, value]) { v in attention(query: v[0], key: v[1], value: v[2], scale: 0.5) }
    }
}
