internal import COpenBLAS
import Synchronization

/// The OpenBLAS wrapper: the only file that talks to `COpenBLAS`.
///
/// All matrices are row-major Float32. OpenBLAS itself always runs single-threaded; a large
/// GEMM is split here into `threadCount` blocks of rows or columns of C, computed in parallel
/// on the same Dispatch workers as every other kernel. OpenBLAS's own pthread pool would keep
/// its idle threads spinning on `sched_yield` for ~0.1 s after each GEMM — a third runnable
/// thread on two cores while the element-wise passes between GEMMs run (up to a third of the
/// process's CPU time in a training loop of small convolutions, measured with `perf`).
public enum BLAS {
    /// Threads one GEMM uses (default: all cores). Set 1 when the caller runs its own parallel
    /// workers (e.g. one GEMM per sample on each core), so the cores are not oversubscribed.
    public static var threadCount: Int {
        get { configuredThreads.load(ordering: .relaxed) }
        set {
            precondition(newValue >= 1, "BLAS.threadCount: \(newValue) < 1")
            configuredThreads.store(newValue, ordering: .relaxed)
        }
    }

    private static let configuredThreads = Atomic<Int>(processorCount)

    /// Prepares OpenBLAS once, before its first GEMM: single-threaded mode, then one 512³
    /// product of zeros. Measured on the Zen 4 machines this runs on (OpenBLAS 0.3.21, `Zen`
    /// kernels): in a fresh process every GEMM whose C has at most 320 columns (a convolution's
    /// `W · cols` for one 16×16 sample, `[112, 800] · [800, 256]`) runs at a third of its speed
    /// (11 vs 35 GFLOP/s per core) until some GEMM with 384 or more columns has run, on any
    /// thread; afterwards all run at full speed. The warm-up costs a few milliseconds once.
    private static let libraryIsReady: Bool = {
        openblas_set_num_threads(1)
        let size = 512
        let zeros = UnsafeMutablePointer<Float>.allocate(capacity: 3 * size * size)
        zeros.initialize(repeating: 0, count: 3 * size * size)
        callSgemm(false, false, size, size, size, 1, zeros, size, zeros + size * size, size, 0, zeros + 2 * size * size, size)
        zeros.deallocate()
        return true
    }()

    /// GEMMs below this many multiply-adds run on the calling thread: splitting costs a
    /// dispatch (microseconds), which a 1 M multiply-add GEMM (~10 µs) barely repays.
    static let minimumSplitMultiplyAdds = 1 << 20

    /// The CPU kernel family OpenBLAS chose at load time (e.g. `SkylakeX`, `Zen`), for benchmark reports.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// `C ← α · op(A) · op(B) + β · C` on raw row-major storage (cblas_sgemm).
    ///
    /// `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`; `lda`, `ldb`, `ldc` are the row
    /// lengths of the matrices as stored. Large products are split along the longer of m and n
    /// into `threadCount` blocks (multiples of 16, the kernels' register tile) run in parallel;
    /// each block is an ordinary single-threaded sgemm on sub-matrices, so results are the same
    /// as one call up to the summation order inside the library. `parallel: false` runs the
    /// whole product on the calling thread: for kernels that run their own workers.
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int, parallel: Bool = true
    ) {
        if m == 0 || n == 0 { return }
        _ = libraryIsReady
        let parts = parallel ? min(threadCount, processorCount, max(1, m * n * k / minimumSplitMultiplyAdds)) : 1
        let splitColumns = n >= m
        let extent = splitColumns ? n : m
        let block = ((extent + parts - 1) / parts + 15) / 16 * 16
        let blocks = (extent + block - 1) / block
        if blocks <= 1 {
            callSgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        parallelChunks(count: blocks, minimumChunk: 1) { indices in
            for index in indices {
                let start = index * block, size = min(block, extent - start)
                if splitColumns {
                    // Columns start..<start+size of op(B) and of C.
                    let bBlock = transposeB ? b + start * ldb : b + start
                    callSgemm(transposeA, transposeB, m, size, k, alpha, a, lda, bBlock, ldb, beta, c + start, ldc)
                } else {
                    // Rows start..<start+size of op(A) and of C.
                    let aBlock = transposeA ? a + start : a + start * lda
                    callSgemm(transposeA, transposeB, size, n, k, alpha, aBlock, lda, b, ldb, beta, c + start * ldc, ldc)
                }
            }
        }
    }

    private static func callSgemm(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
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
