import Glibc
import Tensor
import TestSupport
import Testing

struct TensorElementwiseTests {
    @Test func broadcastAddMatchesExplicitLoops() {
        // Given [2, 3, 4] and [3, 1]
        let a = randomTensor([2, 3, 4], seed: 1), b = randomTensor([3, 1], seed: 2)
        // When
        let sum = a + b
        // Then every element is a[i,j,k] + b[j,0]
        var expected = Tensor(zeros: [2, 3, 4])
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { expected[i, j, k] = a[i, j, k] + b[j, 0] } } }
        expectClose(sum, expected, rtol: 0, atol: 0)
    }

    @Test func broadcastingBothOperandsGivesTheOuterShape() {
        let a = randomTensor([4, 1], seed: 3), b = randomTensor([1, 5], seed: 4)
        let quotient = a / b, difference = a - b, product = b * a
        #expect(quotient.shape == [4, 5])
        for i in 0..<4 { for j in 0..<5 {
            #expect(quotient[i, j] == a[i, 0] / b[0, j])
            #expect(difference[i, j] == a[i, 0] - b[0, j])
            #expect(product[i, j] == a[i, 0] * b[0, j])
        } }
    }

    @Test func channelBiasBroadcastOverFiveAxes() {
        let x = randomTensor([2, 3, 2, 2, 3], seed: 5), bias = randomTensor([1, 3, 1, 1, 1], seed: 6)
        let y = x + bias
        for index in 0..<x.count {
            let channel = (index / 12) % 3
            #expect(y.scalars[index] == x.scalars[index] + bias.scalars[channel])
        }
    }

    @Test func unaryFunctionsMatchLibm() {
        let x = randomTensor([50], seed: 7, scale: 2)
        for i in 0..<50 {
            let v = x.scalars[i]
            expectClose(x.sigmoid().scalars[i], 1 / (1 + expf(-v)), rtol: 1e-6)
            expectClose(x.tanh().scalars[i], tanhf(v), rtol: 1e-6)
            #expect(x.relu().scalars[i] == max(v, 0))
            expectClose(x.exp().scalars[i], expf(v), rtol: 1e-6)
            #expect(x.abs().scalars[i] == abs(v))
            expectClose(x.abs().log().scalars[i], logf(abs(v)), rtol: 1e-6)
        }
    }

    @Test func largeElementwisePassesAgreeWithSerialLoops() {
        // Large enough to be split across cores.
        let a = randomTensor([300_000], seed: 8), b = randomTensor([300_000], seed: 9)
        let product = a * b
        var accumulated = a
        accumulated += b
        for index in stride(from: 0, to: 300_000, by: 997) {
            #expect(product.scalars[index] == a.scalars[index] * b.scalars[index])
            #expect(accumulated.scalars[index] == a.scalars[index] + b.scalars[index])
        }
    }
}
