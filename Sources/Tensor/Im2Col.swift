/// im2col / col2im for 3-D convolution (2-D is the case D = kD = 1).
///
/// The column matrix is `[K, N·P]` with `K = C·kD·kH·kW` rows in weight order (c, a, b, e) and
/// one column per output position, sample-major: column `n·P + (d'·H' + h')·W' + w'`, where
/// `P = D'·H'·W'`. Entry = `x[n, c, d'·sD − pD + a, h'·sH − pH + b, w'·sW − pW + e]`, zero
/// outside the input. With this layout one sgemm `W[O, K] · cols[K, N·P]` gives every output.
///
/// Both directions work on the zero-padded volume `[N, C, D + 2pD, H + 2pH, W + 2pW]` (a
/// workspace copy, 1/(kD·kH·kW) the size of the columns), so the inner loops are plain copies
/// and adds of `W'` contiguous elements with no bounds tests. For the E3D temporal kernel
/// (kD = D = 2, pD = 0, D' = 1) the rows (c, a) read slice a of channel c: the folded form, a
/// 2-D im2col over 2·C channels.
extension Tensor {
    /// Fills `columns` (`[K, N·P]`, row-major, every entry written) from `input` (`[N, C, D, H, W]`).
    static func im2col(
        _ input: UnsafePointer<Float>, _ g: ConvolutionGeometry, into columns: UnsafeMutablePointer<Float>
    ) {
        if g.padding == [0, 0, 0] {
            im2colUnpadded(input, g, paddedExtents: g.input, into: columns)
            return
        }
        let padded = g.paddedInputExtents
        Workspace.withBuffer(count: g.batch * g.inputChannels * padded.reduce(1, *)) { volume in
            padInput(input, g, into: volume)
            im2colUnpadded(volume, g, paddedExtents: padded, into: columns)
        }
    }

    /// im2col of an already padded volume `[N, C, Dp, Hp, Wp]` (every read is in range).
    private static func im2colUnpadded(
        _ volume: UnsafePointer<Float>, _ g: ConvolutionGeometry, paddedExtents: [Int], into columns: UnsafeMutablePointer<Float>
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (hp, wp) = (paddedExtents[1], paddedExtents[2])
        let slabSize = paddedExtents.reduce(1, *)
        let (od, oh, ow) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let positions = g.outputPositions, rowLength = g.batch * positions
        let (batch, channels) = (g.batch, g.inputChannels)
        let lineStep = sh * wp
        parallelChunks(count: g.patchSize, minimumChunk: 1) { rows in
            for row in rows {
                let e = row % kw, b = (row / kw) % kh, a = (row / (kw * kh)) % kd, c = row / (kw * kh * kd)
                var target = columns + row * rowLength
                for n in 0..<batch {
                    let slab = volume + (n * channels + c) * slabSize + e
                    for zd in 0..<od {
                        // Pointer steps only: no index arithmetic per output line.
                        var line = UnsafePointer(slab + ((zd * sd + a) * hp + b) * wp)
                        for _ in 0..<oh {
                            if sw == 1 {
                                for zw in 0..<ow { target[zw] = line[zw] }
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
    }

    /// Writes `input` `[N, C, D, H, W]` into the zero-padded `[N, C, Dp, Hp, Wp]` (every entry written).
    private static func padInput(_ input: UnsafePointer<Float>, _ g: ConvolutionGeometry, into volume: UnsafeMutablePointer<Float>) {
        let padded = g.paddedInputExtents
        let (dp, hp, wp) = (padded[0], padded[1], padded[2])
        let (depth, height, width) = (g.input[0], g.input[1], g.input[2])
        let (pd, ph, pw) = (g.padding[0], g.padding[1], g.padding[2])
        let slabSize = dp * hp * wp, channelSize = g.inputPositions
        parallelChunks(count: g.batch * g.inputChannels, minimumChunk: max(1, 16_384 / slabSize)) { slabs in
            for slab in slabs {
                let target = volume + slab * slabSize, source = input + slab * channelSize
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

    /// Writes the adjoint of `im2col` into `inputGradient` (`[N, C, D, H, W]`, every entry
    /// written): each input element receives the sum of the column entries that copied it.
    static func col2im(
        _ columns: UnsafePointer<Float>, _ g: ConvolutionGeometry, into inputGradient: UnsafeMutablePointer<Float>
    ) {
        let padded = g.paddedInputExtents
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (dp, hp, wp) = (padded[0], padded[1], padded[2])
        let (depth, height, width) = (g.input[0], g.input[1], g.input[2])
        let (od, oh, ow) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let (pd, ph, pw) = (g.padding[0], g.padding[1], g.padding[2])
        let positions = g.outputPositions, rowLength = g.batch * positions
        let slabSize = dp * hp * wp, channelSize = g.inputPositions, lineStep = sh * wp
        let isPadded = g.padding != [0, 0, 0]
        // One task per (sample, channel) slab: it accumulates into its own padded slab (a
        // workspace per chunk of slabs, or the output itself when there is no padding).
        parallelChunks(count: g.batch * g.inputChannels, minimumChunk: 1) { slabs in
            Workspace.withBuffer(count: isPadded ? slabSize : 0) { scratch in
                for slab in slabs {
                    let n = slab / g.inputChannels, c = slab % g.inputChannels
                    let target = isPadded ? scratch : inputGradient + slab * channelSize
                    target.update(repeating: 0, count: slabSize)
                    for a in 0..<kd {
                        for b in 0..<kh {
                            for e in 0..<kw {
                                let row = ((c * kd + a) * kh + b) * kw + e
                                var source = columns + row * rowLength + n * positions
                                for zd in 0..<od {
                                    var line = target + ((zd * sd + a) * hp + b) * wp + e
                                    for _ in 0..<oh {
                                        if sw == 1 {
                                            for zw in 0..<ow { line[zw] += source[zw] }
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
                    let output = inputGradient + slab * channelSize
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
