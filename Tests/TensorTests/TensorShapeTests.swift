import Tensor
import TestSupport
import Testing

struct TensorShapeTests {
    @Test func permutedMovesEveryElement() {
        let x = randomTensor([2, 3, 4, 5], seed: 21)
        let y = x.permuted([2, 0, 3, 1])
        #expect(y.shape == [4, 2, 5, 3])
        for a in 0..<2 { for b in 0..<3 { for c in 0..<4 { for d in 0..<5 {
            #expect(y[c, a, d, b] == x[a, b, c, d])
        } } } }
        #expect(y.permuted(Tensor.inversePermutation([2, 0, 3, 1])) == x)
    }

    @Test func sliceConcatenateAndSplitRoundTrip() {
        let x = randomTensor([2, 7, 3], seed: 22)
        let pieces = x.split(axis: 1, sizes: [2, 4, 1])
        #expect(pieces.map(\.shape) == [[2, 2, 3], [2, 4, 3], [2, 1, 3]])
        #expect(pieces[1][1, 3, 2] == x[1, 5, 2])
        #expect(Tensor.concatenate(pieces, axis: 1) == x)
        let padded = pieces[1].padded(into: x.shape, axis: 1, offset: 2)
        #expect(padded[1, 5, 2] == x[1, 5, 2])
        #expect(padded[1, 0, 2] == 0 && padded[0, 6, 0] == 0)
    }
}
