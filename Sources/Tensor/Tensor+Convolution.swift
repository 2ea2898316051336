/// Convolution forward and backward kernels (im2col + sgemm, one sample at a time; 5×5 "same"
/// convolutions over the whole input depth go to `Winograd5x5` instead).
///
/// Cross-correlation as in PyTorch's `conv3d`/`conv2d` (no kernel flip):
/// ```
/// y[n, o, d', h', w'] = bias[o] + Σ_{c,a,b,e} W[o, c, a, b, e] · x[n, c, d'·sD − pD + a, h'·sH − pH + b, w'·sW − pW + e]
/// ```
/// Per sample n, with `cols_n = im2col(x_n)` `[K, P]` and `G_n` the output gradient `[O, P]`:
/// ```
/// y_n = W · cols_n          dW = Σ_n G_n · cols_nᵀ          dx_n = col2im(Wᵀ · G_n)          dbias[o] = Σ_{n,p} G_n[o, p]
/// ```
/// `W[O, K] · cols_n[K, P]` is already the channels-first layout of `y_n`, so no output
/// permutation or gradient fold is needed, and a sample's columns (K·P floats, 0.8 MB for the
/// E3D-LSTM input convolution) stay in the core's cache between im2col, the GEMMs and col2im.
/// The batch is spread over the cores sample by sample (`SampleSchedule`); backward sums the
/// per-core partial dW and dbias at the end. The columns are recomputed in backward rather
/// than stored, which keeps an unrolled recurrent graph small; they live in reused `Workspace`
/// buffers, so neither direction allocates or zero-fills its temporaries in steady state.
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
        if Winograd5x5.applies(to: g) { return Winograd5x5.convolution(input, weight: weight, bias: bias, g) }
        let (positions, patch, outputs) = (g.outputPositions, g.patchSize, g.outputChannels)
        let (sampleInput, sampleOutput) = (g.inputChannels * g.inputPositions, outputs * positions)
        let schedule = SampleSchedule(batch: g.batch)
        let biasValues = bias?.scalars
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                result.withUnsafeMutableBufferPointer { out in
                    let (px, pw, po) = (x.baseAddress!, w.baseAddress!, out.baseAddress!)
                    schedule.run { _, samples in
                        Workspace.withBuffer(count: patch * positions) { columns in
                            for n in samples {
                                let sampleColumns = g.columns(of: px + n * sampleInput, into: columns, parallel: schedule.kernelsParallel)
                                let target = po + n * sampleOutput
                                BLAS.sgemm(
                                    transposeA: false, transposeB: false, m: outputs, n: positions, k: patch,
                                    a: pw, lda: patch, b: sampleColumns, ldb: positions, c: target, ldc: positions,
                                    parallel: schedule.kernelsParallel)
                                guard let biasValues else { continue }
                                for o in 0..<outputs {
                                    let (line, shift) = (target + o * positions, biasValues[o])
                                    for p in 0..<positions { line[p] += shift }
                                }
                            }
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
        if outputGradient.count == 0 || g.patchSize == 0 {
            let biasGradient = outputGradient.sum(alongAxes: [0, 2, 3, 4], keepingDimensions: false)
            return (computeInputGradient ? Tensor(zeros: input.shape) : nil, Tensor(zeros: g.weightShape), biasGradient)
        }
        if Winograd5x5.applies(to: g) {
            return Winograd5x5.backward(
                input: input, weight: weight, outputGradient: outputGradient, g, computeInputGradient: computeInputGradient)
        }
        let (positions, patch, outputs) = (g.outputPositions, g.patchSize, g.outputChannels)
        let (sampleInput, sampleOutput) = (g.inputChannels * g.inputPositions, outputs * positions)
        let schedule = SampleSchedule(batch: g.batch)
        // Chunk 0 accumulates into the results; every other chunk into its own partial [dW, db].
        let partialSize = outputs * patch + outputs
        var weightGradient = Tensor(uninitializedShape: g.weightShape)
        var biasGradient = Tensor(uninitializedShape: [outputs])
        var inputGradient = Tensor(uninitializedShape: computeInputGradient ? input.shape : [0])
        Workspace.withBuffer(count: (schedule.chunks - 1) * partialSize) { partials in
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    outputGradient.withUnsafeBufferPointer { gy in
                        weightGradient.withUnsafeMutableBufferPointer { dw in
                            biasGradient.withUnsafeMutableBufferPointer { db in
                                inputGradient.withUnsafeMutableBufferPointer { dx in
                                    let (px, pw, pgy) = (x.baseAddress!, w.baseAddress!, gy.baseAddress!)
                                    let (pdw, pdb) = (dw.baseAddress!, db.baseAddress!)
                                    let pdx = computeInputGradient ? dx.baseAddress : nil
                                    schedule.run { chunk, samples in
                                        let chunkWeights = chunk == 0 ? pdw : partials + (chunk - 1) * partialSize
                                        let chunkBias = chunk == 0 ? pdb : chunkWeights + outputs * patch
                                        Workspace.withBuffer(count: patch * positions) { columns in
                                            for n in samples {
                                                let gradient = pgy + n * sampleOutput, first = n == samples.lowerBound
                                                let sampleColumns = g.columns(
                                                    of: px + n * sampleInput, into: columns, parallel: schedule.kernelsParallel)
                                                BLAS.sgemm(
                                                    transposeA: false, transposeB: true, m: outputs, n: patch, k: positions,
                                                    a: gradient, lda: positions, b: sampleColumns, ldb: positions, beta: first ? 0 : 1,
                                                    c: chunkWeights, ldc: patch, parallel: schedule.kernelsParallel)
                                                for o in 0..<outputs {
                                                    let line = gradient + o * positions
                                                    var total: Float = 0
                                                    for p in 0..<positions { total += line[p] }
                                                    chunkBias[o] = first ? total : chunkBias[o] + total
                                                }
                                                guard let pdx else { continue }
                                                // dcols = Wᵀ · G_n into the column buffer, folded back with col2im
                                                // (a pointwise convolution's dcols already is dx_n).
                                                let sampleGradient = pdx + n * sampleInput
                                                BLAS.sgemm(
                                                    transposeA: true, transposeB: false, m: patch, n: positions, k: outputs,
                                                    a: pw, lda: patch, b: gradient, ldb: positions,
                                                    c: g.isPointwise ? sampleGradient : columns, ldc: positions,
                                                    parallel: schedule.kernelsParallel)
                                                if !g.isPointwise {
                                                    col2im(columns, g, into: sampleGradient, parallel: schedule.kernelsParallel)
                                                }
                                            }
                                        }
                                    }
                                    for chunk in 1..<schedule.chunks {
                                        let partial = partials + (chunk - 1) * partialSize
                                        for index in 0..<partialSize - outputs { pdw[index] += partial[index] }
                                        for o in 0..<outputs { pdb[o] += partial[partialSize - outputs + o] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (computeInputGradient ? inputGradient : nil, weightGradient, biasGradient)
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

/// How a convolution spreads a batch over the cores.
///
/// `chunks` groups of consecutive samples run in parallel, one per core, each sample's kernels
/// single-threaded — when the batch splits evenly over the cores or is large enough that an
/// uneven split costs little. Otherwise one group of all samples, whose im2col, GEMMs and col2im
/// are each spread over the cores (`kernelsParallel`), e.g. for a single sample.
struct SampleSchedule {
    let batch: Int
    let chunks: Int

    init(batch: Int) {
        let cores = min(processorCount, BLAS.threadCount)
        self.batch = batch
        chunks = cores > 1 && batch >= cores && (batch % cores == 0 || batch >= 4 * cores) ? cores : 1
    }

    /// Whether each sample's kernels should use every core themselves.
    var kernelsParallel: Bool { chunks == 1 }

    /// Calls `body(chunk, samples)` for every chunk (never empty), in parallel when there are several.
    func run(_ body: (_ chunk: Int, _ samples: Range<Int>) -> Void) {
        parallelChunks(count: chunks, minimumChunk: 1) { range in
            for chunk in range { body(chunk, (chunk * batch / chunks)..<((chunk + 1) * batch / chunks)) }
        }
    }
}
