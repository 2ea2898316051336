import Dispatch
import Tensor
import TestSupport
import Testing

/// The multi-core and workspace paths of the kernels, at sizes large enough to take them
/// (≥ 64 K elements), against serial Double loops.
struct ParallelKernelTests {
    /// `[6, 32, 2, 16, 16]` = 98 304 elements: above the two-chunk threshold.
    static let largeShape = [6, 32, 2, 16, 16]

    @Test(arguments: [[1, 32, 1, 1, 1], [32, 1, 1, 1], [6, 1, 2, 16, 16], []])
    func largeUnbroadcastMatchesDoubleLoops(_ target: [Int]) {
        let g = randomTensor(Self.largeShape, seed: 61)
        let reduced = g.unbroadcast(to: target)
        #expect(reduced.shape == target)
        // Reference: every element adds into the target element it broadcasts from.
        let padded = [Int](repeating: 1, count: 5 - target.count) + target
        var expected = [Double](repeating: 0, count: padded.reduce(1, *))
        var index = [0, 0, 0, 0, 0]
        for flat in 0..<g.count {
            var remaining = flat
            for axis in (0..<5).reversed() { index[axis] = remaining % Self.largeShape[axis]; remaining /= Self.largeShape[axis] }
            var targetFlat = 0
            for axis in 0..<5 { targetFlat = targetFlat * padded[axis] + (padded[axis] == 1 ? 0 : index[axis]) }
            expected[targetFlat] += Double(g.scalars[flat])
        }
        expectClose(reduced, Tensor(shape: target, scalars: expected.map(Float.init)), rtol: 1e-4, atol: 1e-3)
    }

    @Test func largeBroadcastScalarAndPermutePassesMatchLoops() {
        let a = randomTensor(Self.largeShape, seed: 62), bias = randomTensor([1, 32, 1, 1, 1], seed: 63)
        let shifted = a + bias, scaled = a * 3, reflected = 2 - a
        let spread = bias.broadcasted(to: Self.largeShape)
        let swapped = a.permuted([0, 2, 1, 3, 4])
        #expect(swapped.shape == [6, 2, 32, 16, 16])
        for n in 0..<6 { for c in stride(from: 0, to: 32, by: 5) { for d in 0..<2 { for h in [0, 7, 15] { for w in [0, 9, 15] {
            let x = a[n, c, d, h, w]
            #expect(shifted[n, c, d, h, w] == x + bias[0, c, 0, 0, 0])
            #expect(scaled[n, c, d, h, w] == x * 3)
            #expect(reflected[n, c, d, h, w] == 2 - x)
            #expect(spread[n, c, d, h, w] == bias[0, c, 0, 0, 0])
            #expect(swapped[n, d, c, h, w] == x)
        } } } } }
    }

    @Test func largeSumAndSumOfSquaresMatchDouble() {
        let x = randomTensor([300_001], seed: 64)
        let total = x.scalars.reduce(0.0) { $0 + Double($1) }
        let squares = x.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }
        expectClose(x.sum(), Float(total), rtol: 1e-6, atol: 1e-3)
        #expect(Swift.abs(x.sumOfSquares - squares) <= 1e-9 * squares)
    }

    @Test func addSliceEqualsAddingThePaddedSlice() {
        let base = randomTensor(Self.largeShape, seed: 65), part = randomTensor([6, 12, 2, 16, 16], seed: 66)
        var fused = base
        fused.addSlice(part, axis: 1, offset: 20)
        expectClose(fused, base + part.padded(into: Self.largeShape, axis: 1, offset: 20), rtol: 0, atol: 0)
    }

    /// The workspace pool hands buffers of other sizes around (large, small, large) and to two
    /// threads at once; every result must still match the naive loops.
    @Test func convolutionsShareTheWorkspaceSafely() {
        let large = ConvolutionCase(input: [2, 6, 2, 12, 12], weight: [8, 6, 2, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2])
        let small = ConvolutionCase(input: [1, 2, 3, 4, 4], weight: [3, 2, 1, 3, 3], stride: [1, 1, 1], padding: [1, 1, 1])
        var expected: [Tensor] = []
        var inputs: [(Tensor, Tensor, ConvolutionCase)] = []
        for (index, c) in [large, small, large].enumerated() {
            let x = randomTensor(c.input, seed: 70 + UInt64(index)), w = randomTensor(c.weight, seed: 80 + UInt64(index))
            inputs.append((x, w, c))
            expected.append(Reference.conv3d(x, weight: w, bias: nil, stride: c.stride, padding: c.padding))
        }
        for ((x, w, c), reference) in zip(inputs, expected) {
            expectClose(Tensor.conv3d(x, weight: w, stride: c.stride, padding: c.padding), reference, rtol: 1e-4, atol: 1e-4)
        }
        let results = ConcurrentResults(count: 2)
        let shared = inputs
        DispatchQueue.concurrentPerform(iterations: 2) { item in
            let (x, w, c) = shared[item]
            results.store(Tensor.conv3d(x, weight: w, stride: c.stride, padding: c.padding), at: item)
        }
        for item in 0..<2 { expectClose(results.value(at: item), expected[item], rtol: 1e-4, atol: 1e-4) }
    }
}

/// Results written by concurrent iterations, one slot each.
final class ConcurrentResults: @unchecked Sendable {
    private var slots: [Tensor]
    private let lock = DispatchSemaphore(value: 1)

    init(count: Int) { slots = Array(repeating: Tensor(zeros: []), count: count) }

    func store(_ tensor: Tensor, at index: Int) {
        lock.wait()
        slots[index] = tensor
        lock.signal()
    }

    func value(at index: Int) -> Tensor {
        lock.wait()
        defer { lock.signal() }
        return slots[index]
    }
}
