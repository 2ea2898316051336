/// im2col / col2im for 3-D convolution (2-D is the case D = kD = 1), one sample at a time.
///
/// The column matrix of a sample is `[K, P]` with `K = C·kD·kH·kW` rows in weight order
/// (c, a, b, e) and one column per output position `(d'·H' + h')·W' + w'`, `P = D'·H'·W'`.
/// Entry = `x[c, d'·sD − pD + a, h'·sH − pH + b, w'·sW − pW + e]`, zero outside the input. With
/// this layout one sgemm `W[O, K] · cols[K, P]` gives the sample's output `[O, P]` in place.
///
/// Both directions work on the zero-padded volume `[C, D + 2pD, H + 2pH, W + 2pW]` (a
/// workspace copy, 1/(kD·kH·kW) the size of the columns), so the inner loops are plain copies
/// and adds of `W'` contiguous elements with no bounds tests. For the E3D temporal kernel
/// (kD = D = 2, pD = 0, D' = 1) the rows (c, a) read slice a of channel c: the folded form, a
/// 2-D im2col over 2·C channels. The batch extent of the geometry is ignored; `parallel`
/// spreads one sample's rows or channels over the cores (for callers that do not already run
/// one sample per core).
extension ConvolutionGeometry {
    /// The column matrix of one sample: the sample itself for a pointwise convolution
    /// (`isPointwise`: im2col is the identity), otherwise `im2col` written into `columns`.
    func columns(of sample: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, parallel: Bool) -> UnsafePointer<Float> {
        if isPointwise { return sample }
        Tensor.im2col(sample, self, into: columns, parallel: parallel)
        return UnsafePointer(columns)
    }

    /// 1×1×1 kernel, unit stride, no padding: columns = input, `[C, P]`.
    var isPointwise: Bool { kernel == [1, 1, 1] && stride == [1, 1, 1] && padding == [0, 0, 0] }
}

extension Tensor {
    /// Fills `columns` (`[K, P]`, row-major, every entry written) from one sample `[C, D, H, W]`.
    static func im2col(
        _ sample: UnsafePointer<Float>, _ g: ConvolutionGeometry, into columns: UnsafeMutablePointer<Float>, parallel: Bool
    ) {
        if g.padding == [0, 0, 0] {
            im2colUnpadded(sample, g, paddedExtents: g.input, into: columns, parallel: parallel)
            return
        }
        let padded = g.paddedInputExtents
        Workspace.withBuffer(count: g.inputChannels * padded.reduce(1, *)) { volume in
            padInput(sample, g, into: volume, parallel: parallel)
            im2colUnpadded(volume, g, paddedExtents: padded, into: columns, parallel: parallel)
        }
    }

    /// im2col of an already padded volume `[C, Dp, Hp, Wp]` (every read is in range).
    private static func im2colUnpadded(
        _ volume: UnsafePointer<Float>, _ g: ConvolutionGeometry, paddedExtents: [Int], into columns: UnsafeMutablePointer<Float>,
        parallel: Bool
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (hp, wp) = (paddedExtents[1], paddedExtents[2])
        let slabSize = paddedExtents.reduce(1, *)
        let (od, oh, ow) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let positions = g.outputPositions
        let lineStep = sh * wp
        parallelChunks(count: g.patchSize, minimumChunk: parallel ? 1 : g.patchSize) { rows in
            for row in rows {
                let e = row % kw, b = (row / kw) % kh, a = (row / (kw * kh)) % kd, c = row / (kw * kh * kd)
                var target = columns + row * positions
                let slab = volume + c * slabSize + e
                for zd in 0..<od {
                    // Pointer steps only: no index arithmetic per output line.
                    var line = UnsafePointer(slab + ((zd * sd + a) * hp + b) * wp)
                    for _ in 0..<oh {
                        if sw == 1 {
                            copyLine(from: line, to: target, count: ow)
                        } else {
                            for zw in 0..<ow { target[zw] = line[zw * sw] }
                        }
                        target += ow
                        line += lineStep
                    }
                }
            }
        }
    }

    /// Writes one sample `[C, D, H, W]` into the zero-padded `[C, Dp, Hp, Wp]` (every entry written).
    private static func padInput(
        _ sample: UnsafePointer<Float>, _ g: ConvolutionGeometry, into volume: UnsafeMutablePointer<Float>, parallel: Bool
    ) {
        let padded = g.paddedInputExtents
        let (dp, hp, wp) = (padded[0], padded[1], padded[2])
        let (depth, height, width) = (g.input[0], g.input[1], g.input[2])
        let (pd, ph, pw) = (g.padding[0], g.padding[1], g.padding[2])
        let slabSize = dp * hp * wp, channelSize = g.inputPositions
        let channels = g.inputChannels
        parallelChunks(count: channels, minimumChunk: parallel ? max(1, 16_384 / slabSize) : channels) { slabs in
            for slab in slabs {
                let target = volume + slab * slabSize, source = sample + slab * channelSize
                for zd in 0..<dp {
                    let plane = target + zd * hp * wp
                    let id = zd - pd
                    if id < 0 || id >= depth {
                        plane.update(repeating: 0, count: hp * wp)
                        continue
                    }
                    for zh in 0..<hp {
                        let line = plane + zh * wp
                        let ih = zh - ph
                        if ih < 0 || ih >= height {
                            line.update(repeating: 0, count: wp)
                            continue
                        }
                        let sourceLine = source + (id * height + ih) * width
                        for zw in 0..<pw { line[zw] = 0 }
                        for iw in 0..<width { line[pw + iw] = sourceLine[iw] }
                        for zw in (pw + width)..<wp { line[zw] = 0 }
                    }
                }
            }
        }
    }

    /// Writes the adjoint of `im2col` into one sample's gradient `[C, D, H, W]` (every entry
    /// written): each input element receives the sum of the column entries that copied it.
    static func col2im(
        _ columns: UnsafePointer<Float>, _ g: ConvolutionGeometry, into sampleGradient: UnsafeMutablePointer<Float>, parallel: Bool
    ) {
        let padded = g.paddedInputExtents
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (dp, hp, wp) = (padded[0], padded[1], padded[2])
        let (depth, height, width) = (g.input[0], g.input[1], g.input[2])
        let (od, oh, ow) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let (pd, ph, pw) = (g.padding[0], g.padding[1], g.padding[2])
        let positions = g.outputPositions, channels = g.inputChannels
        let slabSize = dp * hp * wp, channelSize = g.inputPositions, lineStep = sh * wp
        let isPadded = g.padding != [0, 0, 0]
        // One task per channel slab: it accumulates into its own padded slab (a workspace per
        // chunk of channels, or the output itself when there is no padding).
        parallelChunks(count: channels, minimumChunk: parallel ? 1 : channels) { slabs in
            Workspace.withBuffer(count: isPadded ? slabSize : 0) { scratch in
                for c in slabs {
                    let target = isPadded ? scratch : sampleGradient + c * channelSize
                    target.update(repeating: 0, count: slabSize)
                    for a in 0..<kd {
                        for b in 0..<kh {
                            for e in 0..<kw {
                                let row = ((c * kd + a) * kh + b) * kw + e
                                var source = columns + row * positions
                                for zd in 0..<od {
                                    var line = target + ((zd * sd + a) * hp + b) * wp + e
                                    for _ in 0..<oh {
                                        if sw == 1 {
                                            addLine(from: source, to: line, count: ow)
                                        } else {
                                            for zw in 0..<ow { line[zw * sw] += source[zw] }
                                        }
                                        source += ow
                                        line += lineStep
                                    }
                                }
                            }
                        }
                    }
                    guard isPadded else { continue }
                    let output = sampleGradient + c * channelSize
                    for id in 0..<depth {
                        for ih in 0..<height {
                            let line = scratch + ((id + pd) * hp + ih + ph) * wp + pw
                            let outputLine = output + (id * height + ih) * width
                            for iw in 0..<width { outputLine[iw] = line[iw] }
                        }
                    }
                }
            }
        }
    }
}

/// `target[0..<count] = source[0..<count]`, eight lanes at a time (an output line of im2col is
/// typically 16 floats: a call to memmove would cost more than the copy).
@inline(__always)
private func copyLine(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
    let (from, to) = (UnsafeRawPointer(source), UnsafeMutableRawPointer(target))
    var index = 0
    while index + 8 <= count {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<Float>.self), toByteOffset: 4 * index, as: SIMD8<Float>.self)
        index += 8
    }
    while index < count {
        target[index] = source[index]
        index += 1
    }
}

/// `target[0..<count] += source[0..<count]`, eight lanes at a time.
@inline(__always)
private func addLine(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
    let (from, to) = (UnsafeRawPointer(source), UnsafeMutableRawPointer(target))
    var index = 0
    while index + 8 <= count {
        let sum = to.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<Float>.self)
            + from.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<Float>.self)
        to.storeBytes(of: sum, toByteOffset: 4 * index, as: SIMD8<Float>.self)
        index += 8
    }
    while index < count {
        target[index] += source[index]
        index += 1
    }
}
