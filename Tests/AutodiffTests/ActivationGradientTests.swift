import Autodiff
import Tensor
import TestSupport
import Testing

struct ActivationGradientTests {
    /// Inputs kept at least 0.1 away from 0, where relu and abs have kinks.
    static func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
        let x = randomTensor(shape, seed: seed)
        return Tensor(shape: shape, scalars: x.scalars.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 })
    }

    @Test func elementwiseFunctionGradientsMatchFiniteDifferences() {
        let x = Self.awayFromZero([3, 5], seed: 111)
        expectGradientsMatch(inputs: [x]) { v in sigmoid(v[0]) }
        expectGradientsMatch(inputs: [x]) { v in tanh(v[0]) }
        expectGradientsMatch(inputs: [x]) { v in relu(v[0]) }
        expectGradientsMatch(inputs: [x]) { v in exp(v[0]) }
        expectGradientsMatch(inputs: [x.abs()]) { v in log(v[0]) }
        expectGradientsMatch(inputs: [x]) { v in abs(v[0]) }
        expectGradientsMatch(inputs: [x]) { v in square(v[0]) }
    }

    /// The training clamp: values are min(max(x, 0), 1) (checked per element), and the seed
    /// gradient reaches x unchanged, inside and outside [0, 1] alike.
    @Test func unitClampPassesTheGradientStraightThrough() {
        let x = randomTensor([4, 7], seed: 115, scale: 2)
        #expect(x.scalars.contains { $0 < 0 } && x.scalars.contains { $0 > 1 } && x.scalars.contains { $0 > 0 && $0 < 1 })
        let input = Variable(x, requiresGradient: true)
        let y = unitClampStraightThrough(input)
        #expect(zip(y.value.scalars, x.scalars).allSatisfy { $0 == Swift.min(Swift.max($1, 0), 1) })
        let seed = randomTensor(x.shape, seed: 116)
        y.backward(seed: seed)
        #expect(input.grad!.scalars == seed.scalars)
    }

    @Test func fusedGateActivationsMatchFiniteDifferences() {
        let x = Self.awayFromZero([2, 8, 3], seed: 112)
        expectGradientsMatch(inputs: [x]) { v in gateActivations(v[0], [.sigmoid, .tanh, .relu, .identity]) }
    }

    @Test func fusedGatesEqualTheUnfusedGraph() {
        // Same values and same gradients as slice → activation → concatenate.
        let x = randomTensor([2, 6, 4], seed: 113)
        let fusedInput = Variable(x, requiresGradient: true), plainInput = Variable(x, requiresGradient: true)
        let fused = gateActivations(fusedInput, [.sigmoid, .tanh, .sigmoid])
        let pieces = plainInput.split(axis: 1, sizes: [2, 2, 2])
        let plain = Variable.concatenate([sigmoid(pieces[0]), tanh(pieces[1]), sigmoid(pieces[2])], axis: 1)
        expectClose(fused.value, plain.value, rtol: 1e-6, atol: 1e-7)
        let seed = randomTensor(x.shape, seed: 114)
        fused.backward(seed: seed)
        plain.backward(seed: seed)
        expectClose(fusedInput.grad!, plainInput.grad!, rtol: 1e-5, atol: 1e-6)
    }
}
