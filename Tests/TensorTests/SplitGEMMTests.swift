import Tensor
import TestSupport
import Testing

/// GEMMs of two million multiply-adds or more are split into blocks of rows or columns (at least
/// a million multiply-adds each) computed in parallel; every transposition and both split
/// directions must match the naive product.
struct SplitGEMMTests {
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func largeProductsMatchNaiveLoops(_ transposes: (Bool, Bool)) {
        // (m, k, n): columns split (n ≥ m), rows split (m > n), and a ragged last block.
        for (m, k, n) in [(48, 48, 940), (301, 48, 160), (150, 100, 150)] {
            let a = randomTensor(transposes.0 ? [k, m] : [m, k], seed: 141)
            let b = randomTensor(transposes.1 ? [n, k] : [k, n], seed: 142)
            let product = Tensor.matmul(a, b, transposeA: transposes.0, transposeB: transposes.1)
            // Naive Double loops over the stored scalars (Tensor subscripts are slow in debug).
            let (x, y) = (a.scalars, b.scalars)
            var expected = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var total: Double = 0
                    for l in 0..<k {
                        total += Double(transposes.0 ? x[l * m + i] : x[i * k + l]) * Double(transposes.1 ? y[j * k + l] : y[l * n + j])
                    }
                    expected[i * n + j] = Float(total)
                }
            }
            expectClose(product, Tensor(shape: [m, n], scalars: expected), rtol: 1e-4, atol: 1e-4, "m \(m) k \(k) n \(n)")
        }
    }

    @Test func singleThreadedSettingGivesTheSameProduct() {
        let a = randomTensor([120, 90], seed: 143), b = randomTensor([90, 150], seed: 144)
        let parallel = Tensor.matmul(a, b)
        let saved = BLAS.threadCount
        BLAS.threadCount = 1
        let serial = Tensor.matmul(a, b)
        BLAS.threadCount = saved
        #expect(BLAS.threadCount == saved)
        expectClose(parallel, serial, rtol: 1e-5, atol: 1e-5)
    }
}
