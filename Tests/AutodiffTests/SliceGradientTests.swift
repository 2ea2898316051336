import Autodiff
import Tensor
import TestSupport
import Testing

/// Slice gradients accumulate in place into one parent-sized buffer; the result must equal the
/// analytic sum of the zero-padded slice gradients, whatever mix of slices is used.
struct SliceGradientTests {
    @Test func splitGradientsLandInTheirRegionsAndUnusedSlicesGetZero() {
        let x = Variable(randomTensor([2, 6, 3], seed: 131), requiresGradient: true)
        let a = randomTensor([2, 2, 3], seed: 132), c = randomTensor([2, 1, 3], seed: 133)
        let parts = x.split(axis: 1, sizes: [2, 3, 1])
        // L = Σ a ⊙ p0 + Σ c ⊙ p2 + Σ p0 (p1 unused, p0 used twice) → dL/dx = [a + 1, 0, c].
        let loss = (parts[0] * Variable(a)).sum() + (parts[2] * Variable(c)).sum() + parts[0].sum()
        loss.backward()
        let expected = Tensor.concatenate([a + 1, Tensor(zeros: [2, 3, 3]), c], axis: 1)
        expectClose(try! #require(x.grad), expected, rtol: 1e-6, atol: 1e-6)
    }

    @Test func overlappingSlicesAndOtherConsumersAddUp() {
        let value = randomTensor([3, 4], seed: 134)
        let x = Variable(value, requiresGradient: true)
        // L = Σ x[:, 0..<3] + 2·Σ x[:, 1..<4] + Σ x² → dL/dx = [1, 3, 3, 2] per row + 2x.
        let loss = x.slice(axis: 1, range: 0..<3).sum() + x.slice(axis: -1, range: 1..<4).sum() * 2 + square(x).sum()
        loss.backward()
        let pattern = Tensor(shape: [1, 4], scalars: [1, 3, 3, 2])
        expectClose(try! #require(x.grad), pattern + value * 2, rtol: 1e-6, atol: 1e-6)
    }

    @Test func slicesOfConstantsRecordNothing() {
        let x = Variable(randomTensor([2, 4], seed: 135))
        let part = x.slice(axis: 1, range: 1..<3)
        #expect(!part.requiresGradient && part.parents.isEmpty)
        let inference = withoutGradients { Variable(randomTensor([2, 4], seed: 136), requiresGradient: true).split(axis: 0, sizes: [1, 1]) }
        #expect(inference.allSatisfy { !$0.requiresGradient })
    }
}
