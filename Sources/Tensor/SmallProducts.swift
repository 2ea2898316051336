/// Thin matrix products as register-tiled SIMD8 loops of fused multiply-adds, single-threaded.
///
/// For shapes with a short depth (16–64) or a small output (e.g. 16 × 32), such as attention over
/// a few channels or the 36 products of a Winograd convolution, OpenBLAS spends about as long
/// packing operands and zeroing C as multiplying; these loops read the operands in place and
/// measured twice its speed there (40 vs 17–20 GFLOP/s per core, where the 1024³ sgemm gives 43).
/// Row-major; any strides.
public enum SmallProducts {
    /// `C[i, j] ← (accumulate ? C[i, j] : 0) + Σ_p A(i, p) · B[p, j]` for i < m, j < n, p < depth,
    /// with `A(i, p) = a[i·aRowStride + p·aDepthStride]` (so Aᵀ or A, read in place).
    ///
    /// Tiles of 6 rows × 16 columns: per p, two vector loads of B, six broadcasts of A and twelve
    /// fused multiply-adds into twelve accumulators (15 of the 16 vector registers; 10–40 % faster
    /// than 4-row tiles); then 4-row tiles, then single rows for what is left.
    public static func outerProducts(
        m: Int, n: Int, depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let rb = UnsafeRawPointer(b)
        var i = 0
        while i + 6 <= m {
            var j = 0
            while j + 16 <= n {
                var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
                var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
                var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
                var pa = a + i * aRowStride
                var pb = rb + 4 * j
                for _ in 0..<depth {
                    let b0 = pb.loadUnaligned(as: SIMD8<Float>.self), b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                    var x = SIMD8(repeating: pa[0])
                    c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
                    x = SIMD8(repeating: pa[aRowStride])
                    c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
                    x = SIMD8(repeating: pa[2 * aRowStride])
                    c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
                    x = SIMD8(repeating: pa[3 * aRowStride])
                    c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
                    x = SIMD8(repeating: pa[4 * aRowStride])
                    c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
                    x = SIMD8(repeating: pa[5 * aRowStride])
                    c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
                    pa += aDepthStride
                    pb += 4 * ldb
                }
                let pc = UnsafeMutableRawPointer(c + i * ldc + j), row = 4 * ldc
                store(c00, pc, 0, accumulate); store(c01, pc, 32, accumulate)
                store(c10, pc, row, accumulate); store(c11, pc, row + 32, accumulate)
                store(c20, pc, 2 * row, accumulate); store(c21, pc, 2 * row + 32, accumulate)
                store(c30, pc, 3 * row, accumulate); store(c31, pc, 3 * row + 32, accumulate)
                store(c40, pc, 4 * row, accumulate); store(c41, pc, 4 * row + 32, accumulate)
                store(c50, pc, 5 * row, accumulate); store(c51, pc, 5 * row + 32, accumulate)
                j += 16
            }
            if j < n { outerProductsTail(rows: i..<(i + 6), columns: j..<n, depth, a, aRowStride, aDepthStride, b, ldb, c, ldc, accumulate) }
            i += 6
        }
        while i + 4 <= m {
            var j = 0
            while j + 16 <= n {
                var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
                var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
                var pa = a + i * aRowStride
                var pb = rb + 4 * j
                for _ in 0..<depth {
                    let b0 = pb.loadUnaligned(as: SIMD8<Float>.self), b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                    let a0 = SIMD8(repeating: pa[0]), a1 = SIMD8(repeating: pa[aRowStride])
                    let a2 = SIMD8(repeating: pa[2 * aRowStride]), a3 = SIMD8(repeating: pa[3 * aRowStride])
                    c00 = c00.addingProduct(a0, b0); c01 = c01.addingProduct(a0, b1)
                    c10 = c10.addingProduct(a1, b0); c11 = c11.addingProduct(a1, b1)
                    c20 = c20.addingProduct(a2, b0); c21 = c21.addingProduct(a2, b1)
                    c30 = c30.addingProduct(a3, b0); c31 = c31.addingProduct(a3, b1)
                    pa += aDepthStride
                    pb += 4 * ldb
                }
                let pc = UnsafeMutableRawPointer(c + i * ldc + j), row = 4 * ldc
                store(c00, pc, 0, accumulate); store(c01, pc, 32, accumulate)
                store(c10, pc, row, accumulate); store(c11, pc, row + 32, accumulate)
                store(c20, pc, 2 * row, accumulate); store(c21, pc, 2 * row + 32, accumulate)
                store(c30, pc, 3 * row, accumulate); store(c31, pc, 3 * row + 32, accumulate)
                j += 16
            }
            if j < n { outerProductsTail(rows: i..<(i + 4), columns: j..<n, depth, a, aRowStride, aDepthStride, b, ldb, c, ldc, accumulate) }
            i += 4
        }
        if i < m { outerProductsTail(rows: i..<m, columns: 0..<n, depth, a, aRowStride, aDepthStride, b, ldb, c, ldc, accumulate) }
    }

    @inline(__always)
    private static func store(_ value: SIMD8<Float>, _ base: UnsafeMutableRawPointer, _ offset: Int, _ accumulate: Bool) {
        let total = accumulate ? value + base.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) : value
        base.storeBytes(of: total, toByteOffset: offset, as: SIMD8<Float>.self)
    }

    /// Rows or columns left over by the 4 × 16 tiles: one row at a time, 8 columns at a time.
    private static func outerProductsTail(
        rows: Range<Int>, columns: Range<Int>, _ depth: Int, _ a: UnsafePointer<Float>, _ aRowStride: Int, _ aDepthStride: Int,
        _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool
    ) {
        for i in rows {
            var j = columns.lowerBound
            while j + 8 <= columns.upperBound {
                var sum = SIMD8<Float>()
                for p in 0..<depth {
                    sum = sum.addingProduct(SIMD8(repeating: a[i * aRowStride + p * aDepthStride]),
                                            UnsafeRawPointer(b + p * ldb + j).loadUnaligned(as: SIMD8<Float>.self))
                }
                store(sum, UnsafeMutableRawPointer(c + i * ldc + j), 0, accumulate)
                j += 8
            }
            while j < columns.upperBound {
                var sum: Float = 0
                for p in 0..<depth { sum += a[i * aRowStride + p * aDepthStride] * b[p * ldb + j] }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
                j += 1
            }
        }
    }

    /// `C[i, j] ← (accumulate ? C[i, j] : 0) + Σ_p A[i, p] · B[j, p]` (A · Bᵀ: rows of A dotted
    /// with rows of B), A `[m, depth]` with row length `lda`, B `[n, depth]` with `ldb`, C with `ldc`.
    ///
    /// Tiles of 4 rows of A × 2 rows of B: eight vector accumulators along p, summed at the end.
    public static func rowDots(
        m: Int, n: Int, depth: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
    ) {
        let vectorDepth = depth / 8 * 8
        /// C[row, column] = the lanes of `partial` plus the depth tail.
        @inline(__always) func finish(_ partial: SIMD8<Float>, _ row: Int, _ column: Int) {
            var total = partial.sum()
            for t in vectorDepth..<depth { total += a[row * lda + t] * b[column * ldb + t] }
            c[row * ldc + column] = accumulate ? c[row * ldc + column] + total : total
        }
        var i = 0
        while i < m {
            let rowsA = min(4, m - i)
            var j = 0
            while j < n {
                let rowsB = min(2, n - j)
                if rowsA == 4 && rowsB == 2 {
                    var s00 = SIMD8<Float>(), s01 = SIMD8<Float>(), s10 = SIMD8<Float>(), s11 = SIMD8<Float>()
                    var s20 = SIMD8<Float>(), s21 = SIMD8<Float>(), s30 = SIMD8<Float>(), s31 = SIMD8<Float>()
                    let a0 = UnsafeRawPointer(a + i * lda), a1 = UnsafeRawPointer(a + (i + 1) * lda)
                    let a2 = UnsafeRawPointer(a + (i + 2) * lda), a3 = UnsafeRawPointer(a + (i + 3) * lda)
                    let b0 = UnsafeRawPointer(b + j * ldb), b1 = UnsafeRawPointer(b + (j + 1) * ldb)
                    var p = 0
                    while p < vectorDepth {
                        let offset = 4 * p
                        let x0 = b0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        let x1 = b1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        let y0 = a0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        s00 = s00.addingProduct(y0, x0); s01 = s01.addingProduct(y0, x1)
                        let y1 = a1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        s10 = s10.addingProduct(y1, x0); s11 = s11.addingProduct(y1, x1)
                        let y2 = a2.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        s20 = s20.addingProduct(y2, x0); s21 = s21.addingProduct(y2, x1)
                        let y3 = a3.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        s30 = s30.addingProduct(y3, x0); s31 = s31.addingProduct(y3, x1)
                        p += 8
                    }
                    finish(s00, i, j); finish(s01, i, j + 1); finish(s10, i + 1, j); finish(s11, i + 1, j + 1)
                    finish(s20, i + 2, j); finish(s21, i + 2, j + 1); finish(s30, i + 3, j); finish(s31, i + 3, j + 1)
                } else {
                    for r in 0..<rowsA {
                        for q in 0..<rowsB {
                            var s = SIMD8<Float>()
                            let pa = UnsafeRawPointer(a + (i + r) * lda), pb = UnsafeRawPointer(b + (j + q) * ldb)
                            var p = 0
                            while p < vectorDepth {
                                s = s.addingProduct(pa.loadUnaligned(fromByteOffset: 4 * p, as: SIMD8<Float>.self),
                                                    pb.loadUnaligned(fromByteOffset: 4 * p, as: SIMD8<Float>.self))
                                p += 8
                            }
                            finish(s, i + r, j + q)
                        }
                    }
                }
                j += rowsB
            }
            i += rowsA
        }
    }
}
