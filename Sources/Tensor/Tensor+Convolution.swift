/// Convolution forward and backward kernels (im2col + one sgemm over the whole batch).
///
/// Cross-correlation as in PyTorch's `conv3d`/`conv2d` (no kernel flip):
/// ```
/// y[n, o, d', h', w'] = bias[o] + Σ_{c,a,b,e} W[o, c, a, b, e] · x[n, c, d'·sD − pD + a, h'·sH − pH + b, w'·sW − pW + e]
/// ```
/// Backward: `dW = G · colsᵀ`, `dcols = Wᵀ · G`, `dx = col2im(dcols)`, `dbias[o] = Σ_{n,p} G[o, n·P + p]`,
/// where `G[O, N·P]` is the output gradient with the batch folded into the columns.
/// The columns are recomputed in backward rather than stored, which keeps an unrolled recurrent
/// graph small.
extension Tensor {
    /// 3-D convolution. Input `[N, C, D, H, W]`, weight `[O, C, kD, kH, kW]`, optional bias `[O]`
    /// → output `[N, O, D', H', W']`.
    public static func conv3d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1, 1], padding: [Int] = [0, 0, 0]
    ) -> Tensor {
        let g = ConvolutionGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding)
        if let bias { precondition(bias.shape == [g.outputChannels], "conv3d: bias \(bias.shape) ≠ [\(g.outputChannels)]") }
        let positions = g.outputPositions, columnsCount = g.batch * positions
        var columns = [Float](repeating: 0, count: g.patchSize * columnsCount)
        var result = Tensor(zeros: g.outputShape)
        if result.count == 0 { return result }
        input.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { cols in
                im2col(x.baseAddress!, g, into: cols.baseAddress!)
            }
        }
        let batchFolded = g.batch > 1
        var product = batchFolded ? [Float](repeating: 0, count: g.outputChannels * columnsCount) : []
        weight.withUnsafeBufferPointer { w in
            columns.withUnsafeBufferPointer { cols in
                result.withUnsafeMutableBufferPointer { out in
                    // With one sample, [O, P] already is the output layout: write straight into it.
                    product.withUnsafeMutableBufferPointer { folded in
                        BLAS.sgemm(
                            transposeA: false, transposeB: false, m: g.outputChannels, n: columnsCount, k: g.patchSize,
                            a: w.baseAddress!, lda: g.patchSize, b: cols.baseAddress!, ldb: columnsCount,
                            c: batchFolded ? folded.baseAddress! : out.baseAddress!, ldc: columnsCount)
                    }
                }
            }
        }
        let biasValues = bias?.scalars
        result.withUnsafeMutableBufferPointer { out in
            let po = out.baseAddress!
            product.withUnsafeBufferPointer { folded in
                let pf = batchFolded ? folded.baseAddress : nil
                parallelChunks(count: g.batch * g.outputChannels, minimumChunk: max(1, 16_384 / max(positions, 1))) { slabs in
                    for slab in slabs {
                        let n = slab / g.outputChannels, o = slab % g.outputChannels
                        let target = po + slab * positions
                        if let pf { target.update(from: pf + o * columnsCount + n * positions, count: positions) }
                        if let biasValues {
                            let value = biasValues[o]
                            for p in 0..<positions { target[p] += value }
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
        var weightGradient = Tensor(zeros: g.weightShape)
        var biasGradient = Tensor(zeros: [g.outputChannels])
        if outputGradient.count == 0 { return (computeInputGradient ? Tensor(zeros: input.shape) : nil, weightGradient, biasGradient) }
        // G[O, N·P]: fold the batch into the columns (a copy only when N > 1).
        var folded = [Float]()
        if g.batch > 1 {
            folded = [Float](repeating: 0, count: g.outputChannels * columnsCount)
            outputGradient.withUnsafeBufferPointer { gy in
                folded.withUnsafeMutableBufferPointer { f in
                    let source = gy.baseAddress!, target = f.baseAddress!
                    parallelChunks(count: g.outputChannels, minimumChunk: max(1, 16_384 / columnsCount)) { channels in
                        for o in channels {
                            for n in 0..<g.batch {
                                (target + o * columnsCount + n * positions)
                                    .update(from: source + (n * g.outputChannels + o) * positions, count: positions)
                            }
                        }
                    }
                }
            }
        } else {
            folded = outputGradient.scalars
        }
        biasGradient.withUnsafeMutableBufferPointer { db in
            folded.withUnsafeBufferPointer { f in
                for o in 0..<g.outputChannels {
                    var total: Float = 0
                    let row = f.baseAddress! + o * columnsCount
                    for column in 0..<columnsCount { total += row[column] }
                    db[o] = total
                }
            }
        }
        var columns = [Float](repeating: 0, count: g.patchSize * columnsCount)
        input.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { cols in im2col(x.baseAddress!, g, into: cols.baseAddress!) }
        }
        folded.withUnsafeBufferPointer { f in
            columns.withUnsafeBufferPointer { cols in
                weightGradient.withUnsafeMutableBufferPointer { dw in
                    BLAS.sgemm(
                        transposeA: false, transposeB: true, m: g.outputChannels, n: g.patchSize, k: columnsCount,
                        a: f.baseAddress!, lda: columnsCount, b: cols.baseAddress!, ldb: columnsCount,
                        c: dw.baseAddress!, ldc: g.patchSize)
                }
            }
        }
        guard computeInputGradient else { return (nil, weightGradient, biasGradient) }
        // Reuse the column buffer for dcols = Wᵀ · G.
        weight.withUnsafeBufferPointer { w in
            folded.withUnsafeBufferPointer { f in
                columns.withUnsafeMutableBufferPointer { cols in
                    BLAS.sgemm(
                        transposeA: true, transposeB: false, m: g.patchSize, n: columnsCount, k: g.outputChannels,
                        a: w.baseAddress!, lda: g.patchSize, b: f.baseAddress!, ldb: columnsCount,
                        c: cols.baseAddress!, ldc: columnsCount)
                }
            }
        }
        var inputGradient = Tensor(zeros: input.shape)
        columns.withUnsafeBufferPointer { cols in
            inputGradient.withUnsafeMutableBufferPointer { dx in col2im(cols.baseAddress!, g, into: dx.baseAddress!) }
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
