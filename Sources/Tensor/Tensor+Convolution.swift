/// Convolution forward and backward kernels (im2col + one sgemm over the whole batch).
///
/// Cross-correlation as in PyTorch's `conv3d`/`conv2d` (no kernel flip):
/// ```
/// y[n, o, d', h', w'] = bias[o] + Σ_{c,a,b,e} W[o, c, a, b, e] · x[n, c, d'·sD − pD + a, h'·sH − pH + b, w'·sW − pW + e]
/// ```
/// Backward: `dW = G · colsᵀ`, `dcols = Wᵀ · G`, `dx = col2im(dcols)`, `dbias[o] = Σ_{n,p} G[o, n·P + p]`,
/// where `G[O, N·P]` is the output gradient with the batch folded into the columns.
/// The columns are recomputed in backward rather than stored, which keeps an unrolled recurrent
/// graph small; they live in a reused `Workspace` buffer, so neither direction allocates or
/// zero-fills its temporaries in steady state.
extension Tensor {
    /// 3-D convolution. Input `[N, C, D, H, W]`, weight `[O, C, kD, kH, kW]`, optional bias `[O]`
    /// → output `[N, O, D', H', W']`.
    public static func conv3d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1, 1], padding: [Int] = [0, 0, 0]
    ) -> Tensor {
        let g = ConvolutionGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding)
        if let bias { precondition(bias.shape == [g.outputChannels], "conv3d: bias \(bias.shape) ≠ [\(g.outputChannels)]") }
        var result = Tensor(uninitializedShape: g.outputShape)
        if result.count == 0 { return result }
        if g.patchSize == 0 {
            result = Tensor(zeros: g.outputShape)
            return bias.map { result + $0.reshaped([1, g.outputChannels, 1, 1, 1]) } ?? result
        }
        let positions = g.outputPositions, columnsCount = g.batch * positions
        let batchFolded = g.batch > 1
        Workspace.withBuffer(count: g.patchSize * columnsCount) { columns in
            Workspace.withBuffer(count: batchFolded ? g.outputChannels * columnsCount : 0) { product in
                input.withUnsafeBufferPointer { x in im2col(x.baseAddress!, g, into: columns) }
                result.withUnsafeMutableBufferPointer { out in
                    // With one sample, [O, P] already is the output layout: write straight into it.
                    let target = batchFolded ? product : out.baseAddress!
                    weight.withUnsafeBufferPointer { w in
                        BLAS.sgemm(
                            transposeA: false, transposeB: false, m: g.outputChannels, n: columnsCount, k: g.patchSize,
                            a: w.baseAddress!, lda: g.patchSize, b: columns, ldb: columnsCount, c: target, ldc: columnsCount)
                    }
                    guard batchFolded || bias != nil else { return }
                    let po = out.baseAddress!
                    let biasValues = bias?.scalars
                    // [O, N·P] → [N, O, P], adding the bias on the way.
                    parallelChunks(count: g.batch * g.outputChannels, minimumChunk: max(1, 16_384 / positions)) { slabs in
                        for slab in slabs {
                            let n = slab / g.outputChannels, o = slab % g.outputChannels
                            let destination = po + slab * positions
                            let source = batchFolded ? product + o * columnsCount + n * positions : destination
                            let shift = biasValues?[o] ?? 0
                            for p in 0..<positions { destination[p] = source[p] + shift }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Gradients of `conv3d` with respect to input, weight and bias.
    ///
    /// - Parameters:
    ///   - outputGradient: `[N, O, D', H', W']`, the upstream gradient.
    ///   - computeInputGradient: skip `dx` (returned as `nil`) when the input needs no gradient.
    /// - Returns: `input` `[N, C, D, H, W]` (or nil), `weight` `[O, C, kD, kH, kW]`, `bias` `[O]`.
    public static func conv3dBackward(
        input: Tensor, weight: Tensor, outputGradient: Tensor, stride: [Int] = [1, 1, 1], padding: [Int] = [0, 0, 0],
        computeInputGradient: Bool = true
    ) -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        let g = ConvolutionGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding)
        precondition(outputGradient.shape == g.outputShape, "conv3dBackward: gradient \(outputGradient.shape) ≠ \(g.outputShape)")
        let positions = g.outputPositions, columnsCount = g.batch * positions
        if outputGradient.count == 0 || g.patchSize == 0 {
            let biasGradient = outputGradient.sum(alongAxes: [0, 2, 3, 4], keepingDimensions: false)
            return (computeInputGradient ? Tensor(zeros: input.shape) : nil, Tensor(zeros: g.weightShape), biasGradient)
        }
        var weightGradient = Tensor(uninitializedShape: g.weightShape)
        var biasGradient = Tensor(uninitializedShape: [g.outputChannels])
        var inputGradient = computeInputGradient ? Tensor(uninitializedShape: input.shape) : nil
        let batchFolded = g.batch > 1
        Workspace.withBuffer(count: g.patchSize * columnsCount) { columns in
            Workspace.withBuffer(count: batchFolded ? g.outputChannels * columnsCount : 0) { foldBuffer in
                outputGradient.withUnsafeBufferPointer { gy in
                    // G[O, N·P]: the batch folded into the columns (a copy only when N > 1), and
                    // dbias[o] = Σ G[o, ·] in the same pass, parallel over channels.
                    let folded = batchFolded ? UnsafePointer(foldBuffer) : gy.baseAddress!
                    biasGradient.withUnsafeMutableBufferPointer { db in
                        let pdb = db.baseAddress!, source = gy.baseAddress!
                        parallelChunks(count: g.outputChannels, minimumChunk: max(1, 16_384 / columnsCount)) { channels in
                            for o in channels {
                                var total: Float = 0
                                for n in 0..<g.batch {
                                    let from = source + (n * g.outputChannels + o) * positions
                                    if batchFolded { (foldBuffer + o * columnsCount + n * positions).update(from: from, count: positions) }
                                    for p in 0..<positions { total += from[p] }
                                }
                                pdb[o] = total
                            }
                        }
                    }
                    input.withUnsafeBufferPointer { x in im2col(x.baseAddress!, g, into: columns) }
                    weightGradient.withUnsafeMutableBufferPointer { dw in
                        BLAS.sgemm(
                            transposeA: false, transposeB: true, m: g.outputChannels, n: g.patchSize, k: columnsCount,
                            a: folded, lda: columnsCount, b: columns, ldb: columnsCount, c: dw.baseAddress!, ldc: g.patchSize)
                    }
                    guard inputGradient != nil else { return }
                    // Reuse the column buffer for dcols = Wᵀ · G, then fold it back with col2im.
                    weight.withUnsafeBufferPointer { w in
                        BLAS.sgemm(
                            transposeA: true, transposeB: false, m: g.patchSize, n: columnsCount, k: g.outputChannels,
                            a: w.baseAddress!, lda: g.patchSize, b: folded, ldb: columnsCount, c: columns, ldc: columnsCount)
                    }
                    inputGradient!.withUnsafeMutableBufferPointer { dx in col2im(columns, g, into: dx.baseAddress!) }
                }
            }
        }
        return (inputGradient, weightGradient, biasGradient)
    }

    /// 2-D convolution. Input `[N, C, H, W]`, weight `[O, C, kH, kW]`, optional bias `[O]`
    /// → output `[N, O, H', W']`. Runs as `conv3d` with a depth of 1.
    public static func conv2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0]
    ) -> Tensor {
        precondition(input.rank == 4 && weight.rank == 4 && stride.count == 2 && padding.count == 2,
            "conv2d: input \(input.shape) must be [N, C, H, W], weight \(weight.shape) [O, C, kH, kW], 2 strides, 2 paddings")
        let output = conv3d(
            input.insertingDepth(), weight: weight.insertingDepth(), bias: bias, stride: [1] + stride, padding: [0] + padding)
        return output.removingDepth()
    }

    /// Gradients of `conv2d`; shapes as in `conv2d`.
    public static func conv2dBackward(
        input: Tensor, weight: Tensor, outputGradient: Tensor, stride: [Int] = [1, 1], padding: [Int] = [0, 0],
        computeInputGradient: Bool = true
    ) -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        precondition(input.rank == 4 && weight.rank == 4 && outputGradient.rank == 4 && stride.count == 2 && padding.count == 2,
            "conv2dBackward: input \(input.shape), weight \(weight.shape), gradient \(outputGradient.shape)")
        let grads = conv3dBackward(
            input: input.insertingDepth(), weight: weight.insertingDepth(), outputGradient: outputGradient.insertingDepth(),
            stride: [1] + stride, padding: [0] + padding, computeInputGradient: computeInputGradient)
        return (grads.input?.removingDepth(), grads.weight.removingDepth(), grads.bias)
    }

    /// `[A, B, H, W]` → `[A, B, 1, H, W]` (no copy of the elements).
    func insertingDepth() -> Tensor { reshaped([shape[0], shape[1], 1, shape[2], shape[3]]) }
    /// `[A, B, 1, H, W]` → `[A, B, H, W]` (no copy of the elements).
    func removingDepth() -> Tensor { reshaped([shape[0], shape[1], shape[3], shape[4]]) }
}
