import Dispatch
import Autodiff
import Tensor

/// Eidetic recall as one differentiable primitive: per-sample attention from the recall gate
/// over the last τ cell states, with a hand-written VJP.
///
/// Per sample (channels-first, no transposes needed): Q `[Ch, P]`, K = V = the history
/// concatenated along positions `[Ch, τP]`,
/// ```
/// S = Qᵀ K  [P, τP]      A = softmax_rows(S)      R = K Aᵀ  [Ch, P]
/// VJP with upstream G [Ch, P]:
/// dA = Gᵀ K     dS = A ⊙ (dA − rowsum(dA ⊙ A))     dQ = K dSᵀ     dK = G A + Q dS
/// ```
/// Samples run in parallel, each GEMM on one OpenBLAS thread (small GEMMs do not pay for
/// OpenBLAS's own threading), and the softmax uses `FastExponential`. Same function as
/// `E3DLSTMCell.recall` (the reference composition, checked against it in the tests).
func eideticRecall(query: Variable, history: [Variable]) -> Variable {
    let shape = query.shape
    let (batch, channels, positions) = (shape[0], shape[1], shape[2] * shape[3])
    let keys = Tensor.concatenate(history.map { $0.value.reshaped([batch, channels, positions]) }, axis: 2)
    let keyCount = keys.shape[2]
    let queries = query.value
    var weights = Tensor(zeros: [batch, positions, keyCount])
    var output = Tensor(zeros: shape)
    forEachSample(batch) { n in
        let q = sampleMatrix(queries, n, rows: channels, columns: positions)
        let k = sampleMatrix(keys, n, rows: channels, columns: keyCount)
        var a = Tensor.matmul(q, k, transposeA: true)
        softmaxRowsInPlace(&a, rowLength: keyCount)
        let r = Tensor.matmul(k, a, transposeB: true)
        return [a, r]
    } store: { n, results in
        write(results[0], into: &weights, sample: n)
        write(results[1], into: &output, sample: n)
    }
    let historyShapes = history.map(\.shape)
    let attention = weights
    return Variable(output, parents: [query] + history) { upstream in
        var queryGradient = Tensor(zeros: shape)
        var keyGradient = Tensor(zeros: [batch, channels, keyCount])
        forEachSample(batch) { n in
            let g = sampleMatrix(upstream, n, rows: channels, columns: positions)
            let q = sampleMatrix(queries, n, rows: channels, columns: positions)
            let k = sampleMatrix(keys, n, rows: channels, columns: keyCount)
            let a = sampleMatrix(attention, n, rows: positions, columns: keyCount)
            var d = Tensor.matmul(g, k, transposeA: true)
            softmaxBackwardInPlace(&d, weights: a, rowLength: keyCount)
            let dq = Tensor.matmul(k, d, transposeB: true)
            var dk = Tensor.matmul(g, a)
            dk += Tensor.matmul(q, d)
            return [dq, dk]
        } store: { n, results in
            write(results[0], into: &queryGradient, sample: n)
            write(results[1], into: &keyGradient, sample: n)
        }
        let pieces = keyGradient.split(axis: 2, sizes: Array(repeating: positions, count: history.count))
        return [queryGradient] + zip(pieces, historyShapes).map { $0.reshaped($1) }
    }
}

/// Runs `work` for every sample, two samples at a time on the two cores with single-threaded
/// GEMMs (one sample: OpenBLAS keeps its threads), then hands the results to `store` in order.
private func forEachSample(_ batch: Int, _ work: @Sendable (Int) -> [Tensor], store: (Int, [Tensor]) -> Void) {
    if batch == 1 {
        store(0, work(0))
        return
    }
    let results = ResultSlots(count: batch)
    let threads = BLAS.threadCount
    BLAS.threadCount = 1
    DispatchQueue.concurrentPerform(iterations: batch) { n in results.set(n, work(n)) }
    BLAS.threadCount = threads
    for n in 0..<batch { store(n, results.take(n)) }
}

/// Per-sample result slots written from parallel iterations (each index by exactly one).
private final class ResultSlots: @unchecked Sendable {
    private var slots: [[Tensor]]
    private let lock = DispatchSemaphore(value: 1)
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ index: Int, _ value: [Tensor]) {
        lock.wait()
        slots[index] = value
        lock.signal()
    }
    func take(_ index: Int) -> [Tensor] { slots[index] }
}

/// Sample `n` of a `[N, …]` tensor as a `[rows, columns]` matrix (a copy).
private func sampleMatrix(_ tensor: Tensor, _ n: Int, rows: Int, columns: Int) -> Tensor {
    let size = rows * columns
    return Tensor(shape: [rows, columns], scalars: Array(tensor.scalars[(n * size)..<((n + 1) * size)]))
}

/// Copies `matrix` into sample `n` of `tensor`.
private func write(_ matrix: Tensor, into tensor: inout Tensor, sample n: Int) {
    let size = matrix.count
    tensor.scalars.replaceSubrange((n * size)..<((n + 1) * size), with: matrix.scalars)
}

/// Row-wise softmax of `[rows, rowLength]` in place (max-subtracted, fast exponential).
func softmaxRowsInPlace(_ scores: inout Tensor, rowLength: Int) {
    scores.withUnsafeMutableBufferPointer { values in
        let rows = values.count / rowLength
        let lanes = Lanes(values)
        for row in 0..<rows {
            let start = row * rowLength
            var largest = SIMD8<Float>(repeating: -.infinity)
            for e in stride(from: 0, to: rowLength, by: 8) {
                let width = min(8, rowLength - e)
                var chunk = lanes.load(start + e, width)
                if width < 8 { for lane in width..<8 { chunk[lane] = -.infinity } }
                largest = pointwiseMax(largest, chunk)
            }
            let line = UnsafeMutableBufferPointer(rebasing: values[start..<(start + rowLength)])
            let scale = SIMD8<Float>(repeating: 1 / FastExponential.exponentiateInPlace(line, subtracting: largest.max()))
            for e in stride(from: 0, to: rowLength, by: 8) {
                let width = min(8, rowLength - e)
                lanes.store(lanes.load(start + e, width) * scale, start + e, width)
            }
        }
    }
}

/// `gradient ← A ⊙ (gradient − rowsum(gradient ⊙ A))` row by row: the softmax VJP in place.
func softmaxBackwardInPlace(_ gradient: inout Tensor, weights: Tensor, rowLength: Int) {
    weights.withUnsafeBufferPointer { a in
        gradient.withUnsafeMutableBufferPointer { d in
            let rows = d.count / rowLength
            let (a, d) = (Lanes(a), Lanes(d))
            for row in 0..<rows {
                let start = row * rowLength
                var dot = SIMD8<Float>(repeating: 0)
                for e in stride(from: 0, to: rowLength, by: 8) {
                    let width = min(8, rowLength - e)
                    dot += d.load(start + e, width) * a.load(start + e, width)
                }
                let total = SIMD8<Float>(repeating: dot.sum())
                for e in stride(from: 0, to: rowLength, by: 8) {
                    let width = min(8, rowLength - e)
                    d.store(a.load(start + e, width) * (d.load(start + e, width) - total), start + e, width)
                }
            }
        }
    }
}
