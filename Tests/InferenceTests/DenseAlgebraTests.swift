@testable import Inference
import Testing

struct DenseAlgebraTests {
    @Test func choleskyReconstructsAndWhitens() {
        let n = 4
        // A = B Bᵀ + I is symmetric positive definite.
        let b: [Double] = [1, 2, 0, -1, 0.5, 1, 3, 0, -2, 0, 1, 1, 0.3, -0.7, 0.2, 2]
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { a[i * n + j] = (0..<n).reduce(i == j ? 1 : 0) { $0 + b[i * n + $1] * b[j * n + $1] } } }
        let l = DenseAlgebra.cholesky(a, n: n)!
        for i in 0..<n { for j in 0..<n {
            let product = (0..<n).reduce(0.0) { $0 + l[i * n + $1] * l[j * n + $1] }
            #expect(abs(product - a[i * n + j]) < 1e-12)
        } }
        // bᵀ A⁻¹ b for b = A x equals xᵀ A x.
        let x: [Double] = [0.3, -1, 2, 0.5]
        let ax = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1] * x[$1] } }
        let reference = zip(x, ax).reduce(0) { $0 + $1.0 * $1.1 }
        var scratch = [Double](repeating: 0, count: n)
        let value = l.withUnsafeBufferPointer { lp in ax.withUnsafeBufferPointer { bp in scratch.withUnsafeMutableBufferPointer { s in
            DenseAlgebra.whitenedSquaredNorm(lower: lp, n: n, bp, scratch: s) } } }
        #expect(abs(value - reference) < 1e-10 * reference)
        #expect(DenseAlgebra.cholesky([1, 2, 2, 1], n: 2) == nil)
    }
}
