import Autodiff
import Glibc
import Tensor

/// Eidetic recall as one differentiable primitive: per-sample attention from the recall gate
/// over the last τ cell states, with a hand-written VJP, computed block by block so that the
/// `[P, τP]` attention matrix is never stored.
///
/// Per sample (channels-first, no transposes needed): Q `[Ch, P]`, K = V = the history
/// concatenated along positions `[Ch, L]`, L = τP,
/// ```
/// S = Qᵀ K  [P, L]      A = softmax_rows(S)      R = K Aᵀ  [Ch, P]
/// VJP with upstream G [Ch, P]:
/// dA = Gᵀ K     dS = A ⊙ (dA − D),  Dᵢ = Σ_c G[c, i]·R[c, i]  (= Σ_j dA_ij A_ij)
/// dQ = K dSᵀ    dK = G A + Q dS = [G | Q] · [A; dS]
/// ```
/// Rows of S are processed `queryBlock` at a time (36: six of the products' 6-row tiles) in a
/// scratch block that stays in the core's cache (flash-attention style). Forward keeps only ℓᵢ = log Σ_j e^(S_ij) per row and
/// normalises R's columns instead of A; backward recomputes A = e^(S − ℓ). That costs a second
/// exponential but saves writing, keeping and re-reading a 10 MB matrix per layer and step
/// (small model, batch 8). The products are `SmallProducts` (thin shapes, twice OpenBLAS's
/// speed there); work is split over the cores, forward by blocks and backward by samples.
/// Same function as the reference composition (checked against it in the tests).
func eideticRecall(query: Variable, history: [Variable], queryBlock: Int = 36) -> Variable {
    let shape = query.shape
    precondition(!history.isEmpty && history.allSatisfy { $0.shape == shape }, "eideticRecall: query \(shape), history \(history.map(\.shape))")
    precondition(queryBlock >= 1, "eideticRecall: queryBlock \(queryBlock) < 1")
    let (batch, channels, positions) = (shape[0], shape[1], shape[2] * shape[3])
    // Constant all-zero entries (the initial state, in the first τ steps) stay out of K: each of
    // their P keys scores 0, adds e^(0 − max) to its row's sum and nothing to R, and needs no dK.
    let included = history.filter { $0.requiresGradient || $0.value.scalars.contains { $0 != 0 } }
    let zeroKeys = Float((history.count - included.count) * positions)
    if included.isEmpty { return Variable(Tensor(zeros: shape)) }
    let keyCount = included.count * positions
    let keys = Tensor.concatenate(included.map { $0.value.reshaped([batch, channels, positions]) }, axis: 2)
    let queries = query.value
    let blocks = (positions + queryBlock - 1) / queryBlock
    var output = Tensor(uninitializedShape: shape)
    var logSumExp = Tensor(uninitializedShape: [batch, positions])
    queries.withUnsafeBufferPointer { q in
        keys.withUnsafeBufferPointer { k in
            output.withUnsafeMutableBufferPointer { r in
                logSumExp.withUnsafeMutableBufferPointer { l in
                    let (pq, pk, pr, pl) = (q.baseAddress!, k.baseAddress!, r.baseAddress!, l.baseAddress!)
                    parallelChunks(count: batch * blocks, minimumChunk: 1) { items in
                        Workspace.withBuffer(count: queryBlock * (keyCount + 1)) { scratch in
                            let scores = scratch, inverseSums = scratch + queryBlock * keyCount
                            for item in items {
                                let n = item / blocks, start = (item % blocks) * queryBlock
                                let rows = min(queryBlock, positions - start)
                                let sampleKeys = pk + n * channels * keyCount, state = n * channels * positions + start
                                // S_b = Q_bᵀ K  [rows, L]
                                SmallProducts.outerProducts(
                                    m: rows, n: keyCount, depth: channels, a: pq + state, aRowStride: 1, aDepthStride: positions,
                                    b: sampleKeys, ldb: keyCount, c: scores, ldc: keyCount, accumulate: false)
                                for row in 0..<rows {
                                    let line = scores + row * keyCount
                                    let largest = zeroKeys > 0 ? max(rowMaximum(line, keyCount), 0) : rowMaximum(line, keyCount)
                                    let total = FastExponential.exponentiateInPlace(
                                        UnsafeMutableBufferPointer(start: line, count: keyCount), subtracting: largest)
                                        + zeroKeys * expf(-largest)
                                    pl[n * positions + start + row] = largest + logf(total)
                                    inverseSums[row] = 1 / total
                                }
                                // R_b = K · e^(S_b − max)ᵀ, then each column divided by its row's sum.
                                SmallProducts.rowDots(
                                    m: channels, n: rows, depth: keyCount, a: sampleKeys, lda: keyCount, b: scores, ldb: keyCount,
                                    c: pr + state, ldc: positions)
                                for channel in 0..<channels {
                                    let line = pr + state + channel * positions
                                    for row in 0..<rows { line[row] *= inverseSums[row] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let (recalled, rowLogSumExp) = (output, logSumExp)
    return Variable(output, parents: [query] + included) { upstream in
        var queryGradient = Tensor(uninitializedShape: shape)
        var keyGradient = Tensor(uninitializedShape: [batch, channels, keyCount])
        upstream.withUnsafeBufferPointer { g in
            queries.withUnsafeBufferPointer { q in
                keys.withUnsafeBufferPointer { k in
                    recalled.withUnsafeBufferPointer { r in
                        rowLogSumExp.withUnsafeBufferPointer { l in
                            queryGradient.withUnsafeMutableBufferPointer { dq in
                                keyGradient.withUnsafeMutableBufferPointer { dk in
                                    let (pg, pq, pk, pr, pl) = (g.baseAddress!, q.baseAddress!, k.baseAddress!, r.baseAddress!, l.baseAddress!)
                                    let (pdq, pdk) = (dq.baseAddress!, dk.baseAddress!)
                                    parallelChunks(count: batch, minimumChunk: 1) { samples in
                                        Workspace.withBuffer(count: 2 * queryBlock * (keyCount + channels) + positions) { scratch in
                                            let dots = scratch + 2 * queryBlock * keyCount, left = dots + positions
                                            for n in samples {
                                                let sample = n * channels * positions
                                                let sampleKeys = pk + n * channels * keyCount, sampleKeyGradient = pdk + n * channels * keyCount
                                                // Dᵢ = Σ_c G[c, i]·R[c, i]
                                                for i in 0..<positions { dots[i] = 0 }
                                                for channel in 0..<channels {
                                                    let (gLine, rLine) = (pg + sample + channel * positions, pr + sample + channel * positions)
                                                    for i in 0..<positions { dots[i] += gLine[i] * rLine[i] }
                                                }
                                                for start in stride(from: 0, to: positions, by: queryBlock) {
                                                    let rows = min(queryBlock, positions - start)
                                                    // A_b, and dA_b turned into dS_b in place.
                                                    let weights = scratch, slopes = scratch + rows * keyCount
                                                    SmallProducts.outerProducts(
                                                        m: rows, n: keyCount, depth: channels, a: pq + sample + start, aRowStride: 1,
                                                        aDepthStride: positions, b: sampleKeys, ldb: keyCount, c: weights, ldc: keyCount,
                                                        accumulate: false)
                                                    SmallProducts.outerProducts(
                                                        m: rows, n: keyCount, depth: channels, a: pg + sample + start, aRowStride: 1,
                                                        aDepthStride: positions, b: sampleKeys, ldb: keyCount, c: slopes, ldc: keyCount,
                                                        accumulate: false)
                                                    for row in 0..<rows {
                                                        let line = weights + row * keyCount
                                                        _ = FastExponential.exponentiateInPlace(
                                                            UnsafeMutableBufferPointer(start: line, count: keyCount),
                                                            subtracting: pl[n * positions + start + row])
                                                        softmaxSlopesInPlace(slopes + row * keyCount, weights: line, count: keyCount, dot: dots[start + row])
                                                    }
                                                    // dQ_b = K · dS_bᵀ  [Ch, rows]
                                                    SmallProducts.rowDots(
                                                        m: channels, n: rows, depth: keyCount, a: sampleKeys, lda: keyCount, b: slopes,
                                                        ldb: keyCount, c: pdq + sample + start, ldc: positions)
                                                    // dK (+)= G_b · A_b + Q_b · dS_b = [G_b | Q_b] · [A_b; dS_b], one pass over dK.
                                                    for channel in 0..<channels {
                                                        let from = sample + channel * positions + start
                                                        (left + channel * 2 * rows).update(from: pg + from, count: rows)
                                                        (left + channel * 2 * rows + rows).update(from: pq + from, count: rows)
                                                    }
                                                    SmallProducts.outerProducts(
                                                        m: channels, n: keyCount, depth: 2 * rows, a: left, aRowStride: 2 * rows, aDepthStride: 1,
                                                        b: weights, ldb: keyCount, c: sampleKeyGradient, ldc: keyCount, accumulate: start > 0)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let pieces = keyGradient.split(axis: 2, sizes: Array(repeating: positions, count: included.count))
        return [queryGradient] + zip(pieces, included).map { piece, entry in entry.requiresGradient ? piece.reshaped(shape) : nil }
    }
}

/// The largest of `count` floats (a lane-wise compare-and-select, then the eight lanes).
@inline(__always)
private func rowMaximum(_ row: UnsafePointer<Float>, _ count: Int) -> Float {
    let raw = UnsafeRawPointer(row)
    var lanes = SIMD8<Float>(repeating: -.infinity)
    var index = 0
    while index + 8 <= count {
        let values = raw.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<Float>.self)
        lanes.replace(with: values, where: values .> lanes)
        index += 8
    }
    var largest = -Float.infinity
    for lane in 0..<8 where lanes[lane] > largest { largest = lanes[lane] }
    while index < count {
        if row[index] > largest { largest = row[index] }
        index += 1
    }
    return largest
}

/// One row of the softmax VJP in place: `slopes ← weights ⊙ (slopes − dot)`.
@inline(__always)
private func softmaxSlopesInPlace(_ slopes: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>, count: Int, dot: Float) {
    let (target, source) = (UnsafeMutableRawPointer(slopes), UnsafeRawPointer(weights))
    let shift = SIMD8<Float>(repeating: dot)
    var index = 0
    while index + 8 <= count {
        let a = source.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<Float>.self)
        let d = target.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<Float>.self)
        target.storeBytes(of: a * (d - shift), toByteOffset: 4 * index, as: SIMD8<Float>.self)
        index += 8
    }
    while index < count {
        slopes[index] = weights[index] * (slopes[index] - dot)
        index += 1
    }
}
