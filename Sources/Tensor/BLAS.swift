internal import COpenBLAS

/// The OpenBLAS wrapper: the only file that talks to `COpenBLAS`.
///
/// All matrices are row-major Float32.
public enum BLAS {
    /// Threads OpenBLAS uses for one GEMM (default: all cores). Set 1 when the caller runs
    /// its own parallel workers, so the two pools do not oversubscribe the cores.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "BLAS.threadCount: \(newValue) < 1")
            openblas_set_num_threads(Int32(newValue))
        }
    }

    /// The CPU kernel family OpenBLAS chose at load time (e.g. `SkylakeX`, `Zen`), for benchmark reports.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// `C ← α · op(A) · op(B) + β · C` on raw row-major storage (cblas_sgemm).
    ///
    /// `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`; `lda`, `ldb`, `ldc` are the row
    /// lengths of the matrices as stored.
    @usableFromInline
    static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Tensor {
    /// Matrix product `op(a) · op(b)`, or a batch of them.
    ///
    /// ```
    /// rank 2:  [M, K] · [K, N] → [M, N]
    /// rank 3:  [B, M, K] · [B, K, N] → [B, M, N]   (one sgemm per batch item)
    /// ```
    /// `transposeA` reads `a` as `[…, K, M]`, `transposeB` reads `b` as `[…, N, K]`.
    /// - Precondition: equal ranks (2 or 3), equal batch extents and matching inner extents.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(
            a.rank == b.rank && (a.rank == 2 || a.rank == 3),
            "matmul: ranks \(a.shape) × \(b.shape) (need both 2 or both 3)")
        let batched = a.rank == 3
        let batch = batched ? a.shape[0] : 1
        precondition(!batched || b.shape[0] == batch, "matmul: batch \(a.shape) × \(b.shape)")
        let rowsA = a.shape[a.rank - 2], colsA = a.shape[a.rank - 1]
        let rowsB = b.shape[b.rank - 2], colsB = b.shape[b.rank - 1]
        let (m, k) = transposeA ? (colsA, rowsA) : (rowsA, colsA)
        let (k2, n) = transposeB ? (colsB, rowsB) : (rowsB, colsB)
        precondition(k == k2, "matmul: [\(m), \(k)] × [\(k2), \(n)] (shapes \(a.shape), \(b.shape))")
        // Every element is written by the sgemm (β = 0), so the result starts uninitialised.
        if k == 0 { return Tensor(zeros: batched ? [batch, m, n] : [m, n]) }
        var result = Tensor(uninitializedShape: batched ? [batch, m, n] : [m, n])
        if result.count == 0 { return result }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                result.withUnsafeMutableBufferPointer { pc in
                    for item in 0..<batch {
                        BLAS.sgemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                            a: pa.baseAddress! + item * rowsA * colsA, lda: colsA,
                            b: pb.baseAddress! + item * rowsB * colsB, ldb: colsB,
                            c: pc.baseAddress! + item * m * n, ldc: n)
                    }
                }
            }
        }
        return result
    }
}
