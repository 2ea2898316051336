import Autodiff
import Tensor
import TestSupport
import Testing

struct ArithmeticGradientTests {
    @Test func broadcastArithmeticGradientsMatchFiniteDifferences() {
        let a = randomTensor([2, 3, 4], seed: 101), b = randomTensor([3, 1], seed: 102)
        let positive = randomTensor([1, 4], seed: 103).abs() + 0.5
        expectGradientsMatch(inputs: [a, b]) { v in v[0] + v[1] }
        expectGradientsMatch(inputs: [a, b]) { v in v[0] - v[1] }
        expectGradientsMatch(inputs: [a, b]) { v in v[1] * v[0] }
        expectGradientsMatch(inputs: [a, positive]) { v in v[0] / v[1] }
    }

    @Test func scalarArithmeticGradientsMatchFiniteDifferences() {
        let a = randomTensor([3, 2], seed: 104)
        expectGradientsMatch(inputs: [a]) { v in (2 - v[0] * 3 + 1.5) / 4 - 0.25 }
        expectGradientsMatch(inputs: [a]) { v in -(0.5 * v[0]) }
    }

    @Test func matmulGradientsMatchFiniteDifferencesForEveryTransposition() {
        for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
            let a = randomTensor(ta ? [4, 3] : [3, 4], seed: 105), b = randomTensor(tb ? [2, 4] : [4, 2], seed: 106)
            expectGradientsMatch(inputs: [a, b]) { v in matmul(v[0], v[1], transposeA: ta, transposeB: tb) }
        }
        let batchA = randomTensor([2, 3, 4], seed: 107), batchB = randomTensor([2, 5, 4], seed: 108)
        expectGradientsMatch(inputs: [batchA, batchB]) { v in matmul(v[0], v[1], transposeB: true) }
    }
}
