import Glibc

/// Small dense linear algebra in Float64 for covariance work (matrices as row-major `[Double]`).
enum DenseAlgebra {
    /// Lower Cholesky factor `L` with `A = L Lᵀ` of a symmetric `n × n` matrix, or nil if `A`
    /// is not (numerically) positive definite.
    static func cholesky(_ a: [Double], n: Int) -> [Double]? {
        precondition(a.count == n * n, "cholesky: \(a.count) entries for n = \(n)")
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        return l
    }

    /// `‖L⁻¹ b‖²` by forward substitution (the Mahalanobis form `bᵀ A⁻¹ b` for `A = L Lᵀ`).
    static func whitenedSquaredNorm(lower l: UnsafeBufferPointer<Double>, n: Int, _ b: UnsafeBufferPointer<Double>,
                                    scratch: UnsafeMutableBufferPointer<Double>) -> Double {
        var total = 0.0
        for i in 0..<n {
            var sum = b[i]
            let row = i * n
            for k in 0..<i { sum -= l[row + k] * scratch[k] }
            let value = sum / l[row + i]
            scratch[i] = value
            total += value * value
        }
        return total
    }

    /// `log det A = 2 Σ log L_ii`.
    static func logDeterminant(lower l: [Double], n: Int) -> Double {
        (0..<n).reduce(0) { $0 + 2 * log(l[$1 * n + $1]) }
    }
}
