import Tensor
import Testing
import TestSupport

/// The thin-product kernels against naive Double loops, on ragged shapes (partial 4-row and
/// 16-column tiles, 8-lane and scalar tails) and padded strides.
struct SmallProductsTests {
    /// `C (+)= A·B` with A read through arbitrary strides (here transposed, rows 3 apart); row
    /// counts that use the 6-row tiles, the 4-row tiles and single rows.
    @Test(arguments: [(7, 45, 5, false), (8, 32, 16, true), (3, 7, 2, true), (13, 33, 4, false), (10, 16, 6, true)])
    func outerProductsMatchNaiveLoops(m: Int, n: Int, depth: Int, accumulate: Bool) {
        let (aRowStride, aDepthStride, ldb, ldc) = (3, 3 * m + 1, n + 2, n + 3)
        let a = randomTensor([depth * aDepthStride], seed: 1).scalars
        let b = randomTensor([depth * ldb], seed: 2).scalars
        let start = randomTensor([m * ldc], seed: 3).scalars
        var c = start
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    SmallProducts.outerProducts(
                        m: m, n: n, depth: depth, a: pa.baseAddress!, aRowStride: aRowStride, aDepthStride: aDepthStride,
                        b: pb.baseAddress!, ldb: ldb, c: pc.baseAddress!, ldc: ldc, accumulate: accumulate)
                }
            }
        }
        var expected = start
        for i in 0..<m {
            for j in 0..<n {
                var total: Double = accumulate ? Double(start[i * ldc + j]) : 0
                for p in 0..<depth { total += Double(a[i * aRowStride + p * aDepthStride]) * Double(b[p * ldb + j]) }
                expected[i * ldc + j] = Float(total)
            }
        }
        expectClose(Tensor(shape: [m * ldc], scalars: c), Tensor(shape: [m * ldc], scalars: expected), rtol: 1e-5, atol: 1e-5)
    }

    /// `C (+)= A·Bᵀ` (row dot products) with padded rows; entries of C outside the product untouched.
    @Test(arguments: [(6, 5, 21, false), (4, 2, 16, true), (9, 3, 3, true)])
    func rowDotsMatchNaiveLoops(m: Int, n: Int, depth: Int, accumulate: Bool) {
        let (lda, ldb, ldc) = (depth + 1, depth + 3, n + 2)
        let a = randomTensor([m * lda], seed: 4).scalars, b = randomTensor([n * ldb], seed: 5).scalars
        let start = randomTensor([m * ldc], seed: 6).scalars
        var c = start
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    SmallProducts.rowDots(
                        m: m, n: n, depth: depth, a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb, c: pc.baseAddress!, ldc: ldc,
                        accumulate: accumulate)
                }
            }
        }
        var expected = start
        for i in 0..<m {
            for j in 0..<n {
                var total: Double = accumulate ? Double(start[i * ldc + j]) : 0
                for p in 0..<depth { total += Double(a[i * lda + p]) * Double(b[j * ldb + p]) }
                expected[i * ldc + j] = Float(total)
            }
        }
        expectClose(Tensor(shape: [m * ldc], scalars: c), Tensor(shape: [m * ldc], scalars: expected), rtol: 1e-5, atol: 1e-5)
    }
}
