import Tensor
import TestSupport
import Testing

struct TensorReductionsTests {
    @Test func sumAlongAxesMatchesLoops() {
        let x = randomTensor([3, 4, 5], seed: 11)
        let overMiddle = x.sum(alongAxes: [1], keepingDimensions: false)
        let overOuter = x.sum(alongAxes: [0, 2])
        #expect(overMiddle.shape == [3, 5])
        #expect(overOuter.shape == [1, 4, 1])
        for i in 0..<3 { for k in 0..<5 {
            expectClose(overMiddle[i, k], (0..<4).reduce(Float(0)) { $0 + x[i, $1, k] }, rtol: 1e-5, atol: 1e-6)
        } }
        for j in 0..<4 {
            var total: Float = 0
            for i in 0..<3 { for k in 0..<5 { total += x[i, j, k] } }
            expectClose(overOuter[0, j, 0], total, rtol: 1e-5, atol: 1e-5)
        }
        expectClose(x.mean(alongAxes: [-1]).scalars[0], (0..<5).reduce(Float(0)) { $0 + x[0, 0, $1] } / 5, rtol: 1e-5, atol: 1e-6)
    }

    @Test func unbroadcastIsTheAdjointOfBroadcasting() {
        // ⟨broadcast(b), g⟩ = ⟨b, unbroadcast(g)⟩ for any b, g.
        let b = randomTensor([4, 1, 3], seed: 12), g = randomTensor([2, 4, 5, 3], seed: 13)
        let left = (b.broadcasted(to: g.shape) * g).sum()
        let right = (b * g.unbroadcast(to: b.shape)).sum()
        expectClose(left, right, rtol: 1e-5, atol: 1e-5)
        #expect(g.unbroadcast(to: [3]).shape == [3])
    }
}
