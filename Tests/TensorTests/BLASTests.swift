import Tensor
import TestSupport
import Testing

struct BLASTests {
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matmulMatchesNaiveProductForEveryTransposition(_ transposes: (Bool, Bool)) {
        let (m, k, n) = (5, 7, 3)
        let a = randomTensor(transposes.0 ? [k, m] : [m, k], seed: 31)
        let b = randomTensor(transposes.1 ? [n, k] : [k, n], seed: 32)
        let product = Tensor.matmul(a, b, transposeA: transposes.0, transposeB: transposes.1)
        let expected = Reference.matmul(transposes.0 ? a.permuted([1, 0]) : a, transposes.1 ? b.permuted([1, 0]) : b)
        expectClose(product, expected, rtol: 1e-5, atol: 1e-5)
    }

    @Test func batchedMatmulMultipliesEachItem() {
        let a = randomTensor([3, 4, 6], seed: 33), b = randomTensor([3, 6, 2], seed: 34)
        let product = Tensor.matmul(a, b)
        for item in 0..<3 {
            let expected = Reference.matmul(a.slice(axis: 0, range: item..<item + 1).reshaped([4, 6]),
                                            b.slice(axis: 0, range: item..<item + 1).reshaped([6, 2]))
            expectClose(product.slice(axis: 0, range: item..<item + 1).reshaped([4, 2]), expected, rtol: 1e-5, atol: 1e-5)
        }
    }
}
