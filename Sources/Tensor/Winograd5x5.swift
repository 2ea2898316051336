import Synchronization

/// 5×5 convolutions with unit stride and padding 2 ("same") as Winograd F(2×2, 5×5): forward,
/// input gradient and weight gradient, one sample at a time.
///
/// Each 2×2 block of outputs ("tile") of one output channel is, with its 6×6 input patch d per
/// input channel and the 5×5 kernel w (Lavin & Gray 2016; points 0, ±1, ±2, ∞):
/// ```
/// Y = Aᵀ [ Σ_c (G w Gᵀ) ⊙ (Bᵀ d B) ] A       U = G w Gᵀ, V = Bᵀ d B  (6×6 each)
/// Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 1]
/// Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
/// G  = [1/4 0 0 0 0; −1/6 ×5; −1/6 1/6 −1/6 1/6 −1/6; 1/24 1/12 1/6 1/3 2/3; 1/24 −1/12 1/6 −1/3 2/3; 0 0 0 0 1]
/// ```
/// so for each of the 36 points t: `M_t[o, tile] = Σ_c U_t[o, c] · V_t[c, tile]`, a product with
/// depth C, and 36 multiply-adds per 4 outputs and input channel instead of 100. Point-indexed
/// arrays keep the 36 values of one tile 36·tiles floats apart at most (`[C, 36, tiles]`,
/// `[O, 36, tiles]`), not C·tiles, so the transforms' 36 loads do not collide in the L1 cache. Every step is
/// linear, so backward applies the adjoints: `dM = A·dY·Aᵀ` per tile, `dU_t = dM_t · V_tᵀ`,
/// `dV_t = U_tᵀ · dM_t`, `dx = Σ_tiles B·dV·Bᵀ`, `dW = Gᵀ·dU·G`.
/// A temporal kernel that spans the whole input depth (kD = D, pD = 0, the E3D-LSTM's folded
/// form) is the same 2-D convolution over C·kD channels. The transforms work on eight tiles of a
/// tile row at a time in SIMD8 lanes; the products are `SmallProducts`.
enum Winograd5x5 {
    /// Whether the convolution `g` has this form: output depth 1 from a kernel spanning the input
    /// depth, 5×5 spatially, unit strides, padding (0, 2, 2).
    static func applies(to g: ConvolutionGeometry) -> Bool {
        g.kernel[1] == 5 && g.kernel[2] == 5 && g.kernel[0] == g.input[0] && g.stride == [1, 1, 1] && g.padding == [0, 2, 2]
    }

    /// Extents of one sample's transform.
    struct Layout {
        /// Input planes C·kD, output channels O, plane extents H × W.
        let channels: Int, outputs: Int, height: Int, width: Int
        /// ⌈H/2⌉ × ⌈W/2⌉ tiles; rows of tiles are processed in groups of 8 columns.
        let tileRows: Int, tileColumns: Int
        var tiles: Int { tileRows * tileColumns }
        /// Padded planes: 2 zero rows/columns before, enough after for whole 8-tile groups.
        var paddedHeight: Int { 2 * tileRows + 4 }
        var paddedWidth: Int { 2 * ((tileColumns + 7) / 8 * 8) + 4 }
        /// Output channels per block of the products (keeps a block of M in the core's cache).
        static let outputBlock = 64

        init(_ g: ConvolutionGeometry) {
            channels = g.inputChannels * g.kernel[0]
            outputs = g.outputChannels
            height = g.input[1]
            width = g.input[2]
            tileRows = (height + 1) / 2
            tileColumns = (width + 1) / 2
        }
    }

    // MARK: - Forward

    /// `conv3d` for geometries where `applies(to:)`; same result up to rounding.
    static func convolution(_ input: Tensor, weight: Tensor, bias: Tensor?, _ g: ConvolutionGeometry) -> Tensor {
        let l = Layout(g)
        var result = Tensor(uninitializedShape: g.outputShape)
        let schedule = SampleSchedule(batch: g.batch)
        let (planeSize, block) = (l.height * l.width, Layout.outputBlock)
        let biasValues = bias?.scalars ?? [Float](repeating: 0, count: l.outputs)
        transformedWeights(weight, l).withUnsafeBufferPointer { transformed in
            let u = transformed.baseAddress!
            input.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { out in
                    let (px, po) = (x.baseAddress!, out.baseAddress!)
                    schedule.run { _, samples in
                        Workspace.withBuffer(count: 36 * l.channels * l.tiles + l.paddedHeight * l.paddedWidth) { scratch in
                            let (v, plane) = (scratch, scratch + 36 * l.channels * l.tiles)
                            for n in samples {
                                transformInput(px + n * l.channels * planeSize, l, into: v, layout: .channelMajor, plane: plane)
                                let blocks = (l.outputs + block - 1) / block
                                parallelChunks(count: blocks, minimumChunk: schedule.kernelsParallel ? 1 : blocks) { indices in
                                    Workspace.withBuffer(count: 36 * block * l.tiles) { m in
                                        for index in indices {
                                            let (first, count) = (index * block, min(block, l.outputs - index * block))
                                            for t in 0..<36 {
                                                SmallProducts.outerProducts(
                                                    m: count, n: l.tiles, depth: l.channels, a: u + (t * l.outputs + first) * l.channels,
                                                    aRowStride: l.channels, aDepthStride: 1, b: v + t * l.tiles, ldb: 36 * l.tiles,
                                                    c: m + t * l.tiles, ldc: 36 * l.tiles, accumulate: false)
                                            }
                                            transformOutput(
                                                m, count: count, l, bias: Array(biasValues[first..<(first + count)]),
                                                into: po + (n * l.outputs + first) * planeSize)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    // MARK: - Backward

    /// `conv3dBackward` for geometries where `applies(to:)`; same results up to rounding.
    static func backward(
        input: Tensor, weight: Tensor, outputGradient: Tensor, _ g: ConvolutionGeometry, computeInputGradient: Bool
    ) -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        let l = Layout(g)
        let schedule = SampleSchedule(batch: g.batch)
        let (planeSize, block) = (l.height * l.width, Layout.outputBlock)
        let transformedSize = 36 * l.outputs * l.channels
        var inputGradient = Tensor(uninitializedShape: computeInputGradient ? input.shape : [0])
        var weightGradient = Tensor(uninitializedShape: g.weightShape)
        var biasGradient = Tensor(uninitializedShape: [l.outputs])
        // One [dU | db] partial per chunk of samples.
        let transformed = transformedWeights(weight, l)
        Workspace.withBuffer(count: schedule.chunks * (transformedSize + l.outputs)) { partials in
            transformed.withUnsafeBufferPointer { transformed in
                let u = transformed.baseAddress!
                input.withUnsafeBufferPointer { x in
                    outputGradient.withUnsafeBufferPointer { gy in
                        inputGradient.withUnsafeMutableBufferPointer { dx in
                            let (px, pgy, pdx) = (x.baseAddress!, gy.baseAddress!, computeInputGradient ? dx.baseAddress : nil)
                            schedule.run { chunk, samples in
                                let du = partials + chunk * (transformedSize + l.outputs), db = du + transformedSize
                                let scratchCount = 2 * 36 * l.channels * l.tiles + 36 * l.outputs * l.tiles + l.paddedHeight * l.paddedWidth
                                Workspace.withBuffer(count: scratchCount) { scratch in
                                    let v = scratch, dv = v + 36 * l.channels * l.tiles, dm = dv + 36 * l.channels * l.tiles
                                    let plane = dm + 36 * l.outputs * l.tiles
                                    for n in samples {
                                        let first = n == samples.lowerBound
                                        let gradient = pgy + n * l.outputs * planeSize
                                        transformInput(px + n * l.channels * planeSize, l, into: v, layout: .pointMajorTransposed, plane: plane)
                                        adjointOutput(gradient, l, into: dm)
                                        for o in 0..<l.outputs {
                                            var total: Float = 0
                                            for p in 0..<planeSize { total += gradient[o * planeSize + p] }
                                            db[o] = first ? total : db[o] + total
                                        }
                                        // dU_t += dM_t · V_tᵀ and dV_t = U_tᵀ · dM_t, the 36 points split over the cores when
                                        // this chunk is the only one.
                                        parallelChunks(count: 36, minimumChunk: schedule.kernelsParallel ? 1 : 36) { points in
                                            for t in points {
                                                // dM_t [O, tiles] (rows 36·tiles apart), V_tᵀ [tiles, C].
                                                let (dmt, vt) = (dm + t * l.tiles, v + t * l.tiles * l.channels)
                                                SmallProducts.outerProducts(
                                                    m: l.outputs, n: l.channels, depth: l.tiles, a: dmt, aRowStride: 36 * l.tiles, aDepthStride: 1,
                                                    b: vt, ldb: l.channels, c: du + t * l.outputs * l.channels, ldc: l.channels, accumulate: !first)
                                                guard pdx != nil else { continue }
                                                for start in stride(from: 0, to: l.outputs, by: block) {
                                                    let count = min(block, l.outputs - start)
                                                    SmallProducts.outerProducts(
                                                        m: l.channels, n: l.tiles, depth: count, a: u + (t * l.outputs + start) * l.channels,
                                                        aRowStride: 1, aDepthStride: l.channels, b: dmt + start * 36 * l.tiles, ldb: 36 * l.tiles,
                                                        c: dv + t * l.tiles, ldc: 36 * l.tiles, accumulate: start > 0)
                                                }
                                            }
                                        }
                                        if let pdx { adjointInput(dv, l, into: pdx + n * l.channels * planeSize, plane: plane) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // Σ over chunks, then dW = Gᵀ·dU·G and db.
            for chunk in 1..<schedule.chunks {
                let partial = partials + chunk * (transformedSize + l.outputs)
                for index in 0..<(transformedSize + l.outputs) { partials[index] += partial[index] }
            }
            weightGradient.withUnsafeMutableBufferPointer { dw in adjointWeights(partials, l, into: dw.baseAddress!) }
            biasGradient.withUnsafeMutableBufferPointer { db in db.baseAddress!.update(from: partials + transformedSize, count: l.outputs) }
        }
        return (computeInputGradient ? inputGradient : nil, weightGradient, biasGradient)
    }

    // MARK: - Weight transform

    /// The most recently transformed kernels and their transforms, newest first. A rollout step or
    /// a training step's backward convolves with the same weights as the steps before, so most
    /// calls find their kernel here: compared as arrays, which is O(1) while the weights share
    /// storage with the entry and an element-wise comparison after an in-place update.
    private static let recent = Mutex<[(weights: [Float], transformed: [Float])]>([])
    /// Entries kept (16 covers the paper model's 4 layers × 4 convolutions) and the largest
    /// kernel cached, in floats.
    static let cachedKernels = 16, largestCachedKernel = 1 << 20

    /// U for `weight`, from `recent` when the same values were transformed before.
    static func transformedWeights(_ weight: Tensor, _ l: Layout) -> [Float] {
        let values = weight.scalars
        if let hit = recent.withLock({ entries in entries.first { $0.weights == values }?.transformed }) { return hit }
        let transformed = [Float](unsafeUninitializedCapacity: 36 * l.outputs * l.channels) { buffer, initialized in
            values.withUnsafeBufferPointer { w in transformWeights(w.baseAddress!, l, into: buffer.baseAddress!) }
            initialized = buffer.count
        }
        if values.count <= largestCachedKernel {
            recent.withLock { entries in
                entries.insert((values, transformed), at: 0)
                if entries.count > cachedKernels { entries.removeLast() }
            }
        }
        return transformed
    }

    /// U_t[o, c] = (G w Gᵀ)[t] for every kernel w = W[o, c] (`[O, C, 5, 5]` → `[36, O, C]`),
    /// eight input channels at a time in SIMD8 lanes.
    static func transformWeights(_ weight: UnsafePointer<Float>, _ l: Layout, into u: UnsafeMutablePointer<Float>) {
        let pointStride = l.outputs * l.channels
        parallelChunks(count: l.outputs, minimumChunk: max(1, 4_096 / max(l.channels, 1))) { outputs in
            withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 36) { grid in
                let z = grid.baseAddress!  // w (5 × 5), then G·w (6 × 5) in rows of 6, then G·w·Gᵀ (6 × 6)
                for o in outputs {
                    for c in stride(from: 0, to: l.channels, by: 8) {
                        let lanes = min(8, l.channels - c), kernels = weight + (o * l.channels + c) * 25
                        for k in 0..<25 {
                            var value = SIMD8<Float>()
                            for lane in 0..<lanes { value[lane] = kernels[lane * 25 + k] }
                            z[(k / 5) * 6 + k % 5] = value  // row a of w at z[a·6 …], column 5 unused
                        }
                        for b in 0..<5 { applyG(z + b, stride: 6) }  // down the columns: G·w, 6 rows
                        for a in 0..<6 { applyG(z + a * 6, stride: 1) }  // along the rows: (G·w)·Gᵀ
                        for t in 0..<36 { store(z[t], u + t * pointStride + o * l.channels + c, lanes) }
                    }
                }
            }
        }
    }

    /// dW[o, c] = Gᵀ · dU[·, o, c] · G (`[36, O, C]` → `[O, C, 5, 5]`), the adjoint of `transformWeights`.
    static func adjointWeights(_ du: UnsafePointer<Float>, _ l: Layout, into weightGradient: UnsafeMutablePointer<Float>) {
        let pointStride = l.outputs * l.channels
        parallelChunks(count: l.outputs, minimumChunk: max(1, 4_096 / max(l.channels, 1))) { outputs in
            withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 36) { grid in
                let z = grid.baseAddress!
                for o in outputs {
                    for c in stride(from: 0, to: l.channels, by: 8) {
                        let lanes = min(8, l.channels - c), kernels = weightGradient + (o * l.channels + c) * 25
                        for t in 0..<36 { z[t] = load(du + t * pointStride + o * l.channels + c, lanes) }
                        for a in 0..<6 { applyGTransposed(z + a * 6, stride: 1) }  // rows: dU·G, 5 columns
                        for b in 0..<5 { applyGTransposed(z + b, stride: 6) }  // columns: Gᵀ·(dU·G)
                        for k in 0..<25 {
                            let value = z[(k / 5) * 6 + k % 5]
                            for lane in 0..<lanes { kernels[lane * 25 + k] = value[lane] }
                        }
                    }
                }
            }
        }
    }

    /// z[0], z[s], …, z[5s] ← G · (z[0], z[s], …, z[4s]).
    @inline(__always)
    private static func applyG(_ z: UnsafeMutablePointer<SIMD8<Float>>, stride s: Int) {
        let (w0, w1, w2, w3, w4) = (z[0], z[s], z[2 * s], z[3 * s], z[4 * s])
        let even = w0 + w2 + w4, odd = w1 + w3
        let quarter: SIMD8<Float> = w0 / 24 + w2 / 6 + w4 * (2 / 3)
        let eighth: SIMD8<Float> = w1 / 12 + w3 / 3
        z[0] = w0 / 4
        z[s] = -(even + odd) / 6
        z[2 * s] = (odd - even) / 6
        z[3 * s] = quarter + eighth
        z[4 * s] = quarter - eighth
        z[5 * s] = w4
    }

    /// z[0], z[s], …, z[4s] ← Gᵀ · (z[0], z[s], …, z[5s]).
    @inline(__always)
    private static func applyGTransposed(_ z: UnsafeMutablePointer<SIMD8<Float>>, stride s: Int) {
        let (z0, z1, z2, z3, z4, z5) = (z[0], z[s], z[2 * s], z[3 * s], z[4 * s], z[5 * s])
        let (sum, difference, outer, inner) = (z1 + z2, z2 - z1, z3 + z4, z3 - z4)
        let sixth: SIMD8<Float> = sum / 6
        z[0] = z0 / 4 - sixth + outer / 24
        z[s] = difference / 6 + inner / 12
        z[2 * s] = (outer - sum) / 6
        z[3 * s] = difference / 6 + inner / 3
        z[4 * s] = outer * (2 / 3) - sixth + z5
    }

    // MARK: - Input transform

    /// Where `transformInput` puts V_t[c, tile].
    enum InputLayout {
        /// `[C, 36, tiles]`: V_t is `[C, tiles]` with rows 36·tiles apart (forward's B operand).
        case channelMajor
        /// `[36, tiles, C]`: V_tᵀ is `[tiles, C]`, contiguous (the weight gradient's B operand).
        case pointMajorTransposed
    }

    /// V_t[c, tile] = (Bᵀ d B)[t] for every input plane c and tile (`[C, H, W]` → 36 · C · tiles).
    static func transformInput(
        _ sample: UnsafePointer<Float>, _ l: Layout, into v: UnsafeMutablePointer<Float>, layout: InputLayout,
        plane: UnsafeMutablePointer<Float>
    ) {
        let width = l.paddedWidth
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 36) { grid in
            let d = grid.baseAddress!
            for c in 0..<l.channels {
                pad(sample + c * l.height * l.width, l, into: plane)
                for ty in 0..<l.tileRows {
                    for tx in stride(from: 0, to: l.tileColumns, by: 8) {
                        let lanes = min(8, l.tileColumns - tx)
                        for i in 0..<6 {
                            let row = UnsafeRawPointer(plane + (2 * ty + i) * width + 2 * tx)
                            for pair in 0..<3 {
                                let sixteen = row.loadUnaligned(fromByteOffset: 8 * pair, as: SIMD16<Float>.self)
                                d[i * 6 + 2 * pair] = sixteen.evenHalf
                                d[i * 6 + 2 * pair + 1] = sixteen.oddHalf
                            }
                            applyBT(d + i * 6, stride: 1)
                        }
                        for column in 0..<6 { applyBT(d + column, stride: 6) }
                        let tile = ty * l.tileColumns + tx
                        switch layout {
                        case .channelMajor:
                            for t in 0..<36 { store(d[t], v + (c * 36 + t) * l.tiles + tile, lanes) }
                        case .pointMajorTransposed:
                            for t in 0..<36 {
                                let target = v + (t * l.tiles + tile) * l.channels + c
                                for lane in 0..<lanes { target[lane * l.channels] = d[t][lane] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// dx = Σ_tiles B · dV · Bᵀ placed back on the tiles' patches (`[C, 36, tiles]` → `[C, H, W]`),
    /// the adjoint of `transformInput`.
    static func adjointInput(
        _ dv: UnsafePointer<Float>, _ l: Layout, into sampleGradient: UnsafeMutablePointer<Float>, plane: UnsafeMutablePointer<Float>
    ) {
        let width = l.paddedWidth
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 36) { grid in
            let e = grid.baseAddress!
            for c in 0..<l.channels {
                plane.update(repeating: 0, count: l.paddedHeight * width)
                for ty in 0..<l.tileRows {
                    for tx in stride(from: 0, to: l.tileColumns, by: 8) {
                        let lanes = min(8, l.tileColumns - tx)
                        for t in 0..<36 { e[t] = load(dv + (c * 36 + t) * l.tiles + ty * l.tileColumns + tx, lanes) }
                        for column in 0..<6 { applyBTTransposed(e + column, stride: 6) }
                        for i in 0..<6 {
                            applyBTTransposed(e + i * 6, stride: 1)
                            let row = UnsafeMutableRawPointer(plane + (2 * ty + i) * width + 2 * tx)
                            for pair in 0..<3 {
                                var sixteen = row.loadUnaligned(fromByteOffset: 8 * pair, as: SIMD16<Float>.self)
                                sixteen.evenHalf += e[i * 6 + 2 * pair]
                                sixteen.oddHalf += e[i * 6 + 2 * pair + 1]
                                row.storeBytes(of: sixteen, toByteOffset: 8 * pair, as: SIMD16<Float>.self)
                            }
                        }
                    }
                }
                let target = sampleGradient + c * l.height * l.width
                for r in 0..<l.height { (target + r * l.width).update(from: plane + (r + 2) * width + 2, count: l.width) }
            }
        }
    }

    /// One plane `[H, W]` written into the zero-padded `[paddedHeight, paddedWidth]` at (2, 2).
    private static func pad(_ source: UnsafePointer<Float>, _ l: Layout, into plane: UnsafeMutablePointer<Float>) {
        let width = l.paddedWidth
        plane.update(repeating: 0, count: 2 * width)
        for r in 0..<l.height {
            let line = plane + (r + 2) * width
            line[0] = 0
            line[1] = 0
            (line + 2).update(from: source + r * l.width, count: l.width)
            (line + 2 + l.width).update(repeating: 0, count: width - 2 - l.width)
        }
        (plane + (l.height + 2) * width).update(repeating: 0, count: (l.paddedHeight - l.height - 2) * width)
    }

    /// z[0], z[s], …, z[5s] ← Bᵀ · z.
    @inline(__always)
    private static func applyBT(_ z: UnsafeMutablePointer<SIMD8<Float>>, stride s: Int) {
        let (z0, z1, z2, z3, z4, z5) = (z[0], z[s], z[2 * s], z[3 * s], z[4 * s], z[5 * s])
        z[0] = 4 * z0 - 5 * z2 + z4
        z[s] = z3 + z4 - 4 * (z1 + z2)
        z[2 * s] = z4 - z3 + 4 * (z1 - z2)
        z[3 * s] = z4 - z2 + 2 * (z3 - z1)
        z[4 * s] = z4 - z2 + 2 * (z1 - z3)
        z[5 * s] = 4 * z1 - 5 * z3 + z5
    }

    /// z[0], z[s], …, z[5s] ← B · z (the transpose of `applyBT`).
    @inline(__always)
    private static func applyBTTransposed(_ z: UnsafeMutablePointer<SIMD8<Float>>, stride s: Int) {
        let (z0, z1, z2, z3, z4, z5) = (z[0], z[s], z[2 * s], z[3 * s], z[4 * s], z[5 * s])
        z[0] = 4 * z0
        z[s] = 4 * (z2 - z1 + z5) + 2 * (z4 - z3)
        z[2 * s] = -5 * z0 - 4 * (z1 + z2) - z3 - z4
        z[3 * s] = z1 - z2 + 2 * (z3 - z4) - 5 * z5
        z[4 * s] = z0 + z1 + z2 + z3 + z4
        z[5 * s] = z5
    }

    // MARK: - Output transform

    /// Y[o] = Aᵀ · M[o, ·, tile] · A + bias[o] for each output channel of a block
    /// (`[count, 36, tiles]` → `count` planes `[H, W]`).
    static func transformOutput(_ m: UnsafePointer<Float>, count: Int, _ l: Layout, bias: [Float], into output: UnsafeMutablePointer<Float>) {
        for o in 0..<count {
            let plane = output + o * l.height * l.width, shift = SIMD8<Float>(repeating: bias[o])
            for ty in 0..<l.tileRows {
                for tx in stride(from: 0, to: l.tileColumns, by: 8) {
                    let lanes = min(8, l.tileColumns - tx)
                    let source = m + o * 36 * l.tiles + ty * l.tileColumns + tx
                    // Row u of the 6 × 6 grid reduced by Aᵀ along v to (r0, r1), then Y_ij = Σ_u Aᵀ[i][u]·r_j,u:
                    // Aᵀ[0] = (1 1 1 1 1 0), Aᵀ[1] = (0 1 −1 2 −2 1). Everything stays in registers.
                    var (y00, y01, y10, y11) = (shift, shift, shift, shift)
                    for u in 0..<6 {
                        let row = source + u * 6 * l.tiles
                        let (m0, m1, m2) = (load(row, lanes), load(row + l.tiles, lanes), load(row + 2 * l.tiles, lanes))
                        let (m3, m4, m5) = (load(row + 3 * l.tiles, lanes), load(row + 4 * l.tiles, lanes), load(row + 5 * l.tiles, lanes))
                        let r0 = m0 + m1 + m2 + m3 + m4, r1 = m1 - m2 + 2 * (m3 - m4) + m5
                        switch u {
                        case 0: y00 += r0; y01 += r1
                        case 1: y00 += r0; y01 += r1; y10 += r0; y11 += r1
                        case 2: y00 += r0; y01 += r1; y10 -= r0; y11 -= r1
                        case 3: y00 += r0; y01 += r1; y10 += 2 * r0; y11 += 2 * r1
                        case 4: y00 += r0; y01 += r1; y10 -= 2 * r0; y11 -= 2 * r1
                        default: y10 += r0; y11 += r1
                        }
                    }
                    for i in 0..<2 where 2 * ty + i < l.height {
                        var sixteen = SIMD16<Float>()
                        sixteen.evenHalf = i == 0 ? y00 : y10
                        sixteen.oddHalf = i == 0 ? y01 : y11
                        let target = plane + (2 * ty + i) * l.width + 2 * tx
                        if 2 * tx + 16 <= l.width {
                            UnsafeMutableRawPointer(target).storeBytes(of: sixteen, as: SIMD16<Float>.self)
                        } else {
                            for k in 0..<min(2 * lanes, l.width - 2 * tx) { target[k] = sixteen[k] }
                        }
                    }
                }
            }
        }
    }

    /// dM[o, ·, tile] = A · dY[o, tile] · Aᵀ for every output channel (`[O, H, W]` → `[O, 36, tiles]`),
    /// the adjoint of `transformOutput` (positions past H or W count as zero).
    static func adjointOutput(_ gradient: UnsafePointer<Float>, _ l: Layout, into dm: UnsafeMutablePointer<Float>) {
        for o in 0..<l.outputs {
            let plane = gradient + o * l.height * l.width
            for ty in 0..<l.tileRows {
                for tx in stride(from: 0, to: l.tileColumns, by: 8) {
                    let lanes = min(8, l.tileColumns - tx)
                    var rows = (SIMD16<Float>(), SIMD16<Float>())
                    for i in 0..<2 where 2 * ty + i < l.height {
                        let source = plane + (2 * ty + i) * l.width + 2 * tx
                        var sixteen = SIMD16<Float>()
                        if 2 * tx + 16 <= l.width {
                            sixteen = UnsafeRawPointer(source).loadUnaligned(as: SIMD16<Float>.self)
                        } else {
                            for k in 0..<min(2 * lanes, l.width - 2 * tx) { sixteen[k] = source[k] }
                        }
                        if i == 0 { rows.0 = sixteen } else { rows.1 = sixteen }
                    }
                    // w_u,j = A[u]·(dY_0j, dY_1j) with A's rows (1 0) (1 1) (1 −1) (1 2) (1 −2) (0 1); then
                    // dM_uv = A[v]·(w_u0, w_u1). Everything stays in registers.
                    let (a00, a01, a10, a11) = (rows.0.evenHalf, rows.0.oddHalf, rows.1.evenHalf, rows.1.oddHalf)
                    let target = dm + o * 36 * l.tiles + ty * l.tileColumns + tx
                    for u in 0..<6 {
                        let (w0, w1): (SIMD8<Float>, SIMD8<Float>)
                        switch u {
                        case 0: (w0, w1) = (a00, a01)
                        case 1: (w0, w1) = (a00 + a10, a01 + a11)
                        case 2: (w0, w1) = (a00 - a10, a01 - a11)
                        case 3: (w0, w1) = (a00 + 2 * a10, a01 + 2 * a11)
                        case 4: (w0, w1) = (a00 - 2 * a10, a01 - 2 * a11)
                        default: (w0, w1) = (a10, a11)
                        }
                        let row = target + u * 6 * l.tiles
                        store(w0, row, lanes)
                        store(w0 + w1, row + l.tiles, lanes)
                        store(w0 - w1, row + 2 * l.tiles, lanes)
                        store(w0 + 2 * w1, row + 3 * l.tiles, lanes)
                        store(w0 - 2 * w1, row + 4 * l.tiles, lanes)
                        store(w1, row + 5 * l.tiles, lanes)
                    }
                }
            }
        }
    }

    // MARK: - Lanes

    /// Eight consecutive floats, or the first `lanes` of them and zeros. The partial case is out of
    /// line: inlined, the compiler turned every load into eight lane blends.
    @inline(__always)
    private static func load(_ source: UnsafePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
        lanes == 8 ? UnsafeRawPointer(source).loadUnaligned(as: SIMD8<Float>.self) : loadPartially(source, lanes)
    }

    @inline(never)
    private static func loadPartially(_ source: UnsafePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
        var value = SIMD8<Float>()
        for lane in 0..<lanes { value[lane] = source[lane] }
        return value
    }

    /// Stores the first `lanes` lanes (the partial case out of line, as in `load`).
    @inline(__always)
    private static func store(_ value: SIMD8<Float>, _ target: UnsafeMutablePointer<Float>, _ lanes: Int) {
        if lanes == 8 {
            UnsafeMutableRawPointer(target).storeBytes(of: value, as: SIMD8<Float>.self)
        } else {
            storePartially(value, target, lanes)
        }
    }

    @inline(never)
    private static func storePartially(_ value: SIMD8<Float>, _ target: UnsafeMutablePointer<Float>, _ lanes: Int) {
        for lane in 0..<lanes { target[lane] = value[lane] }
    }
}
