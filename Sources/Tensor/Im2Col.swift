/// im2col / col2im for 3-D convolution (2-D is the case D = kD = 1).
///
/// The column matrix is `[K, N·P]` with `K = C·kD·kH·kW` rows in weight order (c, a, b, e) and
/// one column per output position, sample-major: column `n·P + (d'·H' + h')·W' + w'`, where
/// `P = D'·H'·W'`. Entry = `x[n, c, d'·sD − pD + a, h'·sH − pH + b, w'·sW − pW + e]`, zero
/// outside the input. With this layout one sgemm `W[O, K] · cols[K, N·P]` gives every output.
extension Tensor {
    /// Fills `columns` (`[K, N·P]`, row-major) from `input` (`[N, C, D, H, W]`).
    static func im2col(
        _ input: UnsafePointer<Float>, _ g: ConvolutionGeometry, into columns: UnsafeMutablePointer<Float>
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (depth, height, width) = (g.input[0], g.input[1], g.input[2])
        let (od, oh, ow) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let (pd, ph, pw) = (g.padding[0], g.padding[1], g.padding[2])
        let positions = g.outputPositions, rowLength = g.batch * positions
        let channelSize = g.inputPositions
        parallelChunks(count: g.patchSize, minimumChunk: 1) { rows in
            for row in rows {
                let e = row % kw, b = (row / kw) % kh, a = (row / (kw * kh)) % kd, c = row / (kw * kh * kd)
                // Output columns w' whose input column w'·sW − pW + e lies inside [0, W).
                let validW = validOutputRange(kernelOffset: e, padding: pw, stride: sw, inputExtent: width, outputExtent: ow)
                let firstW = validW.lowerBound, endW = validW.upperBound
                for n in 0..<g.batch {
                    let source = input + (n * g.inputChannels + c) * channelSize
                    var target = columns + row * rowLength + n * positions
                    for zd in 0..<od {
                        let id = zd * sd - pd + a
                        if id < 0 || id >= depth {
                            target.update(repeating: 0, count: oh * ow)
                            target += oh * ow
                            continue
                        }
                        for zh in 0..<oh {
                            let ih = zh * sh - ph + b
                            if ih < 0 || ih >= height {
                                target.update(repeating: 0, count: ow)
                            } else {
                                let line = source + (id * height + ih) * width
                                for zw in 0..<firstW { target[zw] = 0 }
                                if sw == 1 {
                                    (target + firstW).update(from: line + (firstW - pw + e), count: endW - firstW)
                                } else {
                                    for zw in firstW..<endW { target[zw] = line[zw * sw - pw + e] }
                                }
                                for zw in endW..<ow { target[zw] = 0 }
                            }
                            target += ow
                        }
                    }
                }
            }
        }
    }

    /// Adds the columns back into `inputGradient` (`[N, C, D, H, W]`, zeroed by the caller):
    /// the adjoint of `im2col`.
    static func col2im(
        _ columns: UnsafePointer<Float>, _ g: ConvolutionGeometry, into inputGradient: UnsafeMutablePointer<Float>
    ) {
        let (kd, kh, kw) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (depth, height, width) = (g.input[0], g.input[1], g.input[2])
        let (od, oh, ow) = (g.output[0], g.output[1], g.output[2])
        let (sd, sh, sw) = (g.stride[0], g.stride[1], g.stride[2])
        let (pd, ph, pw) = (g.padding[0], g.padding[1], g.padding[2])
        let positions = g.outputPositions, rowLength = g.batch * positions
        let channelSize = g.inputPositions
        // One task per (sample, channel) slab: each writes only its own slab, so no races.
        parallelChunks(count: g.batch * g.inputChannels, minimumChunk: 1) { slabs in
            for slab in slabs {
                let n = slab / g.inputChannels, c = slab % g.inputChannels
                let target = inputGradient + slab * channelSize
                for a in 0..<kd {
                    for b in 0..<kh {
                        for e in 0..<kw {
                            let row = ((c * kd + a) * kh + b) * kw + e
                            let validW = validOutputRange(kernelOffset: e, padding: pw, stride: sw, inputExtent: width, outputExtent: ow)
                            let firstW = validW.lowerBound, endW = validW.upperBound
                            var source = columns + row * rowLength + n * positions
                            for zd in 0..<od {
                                let id = zd * sd - pd + a
                                if id < 0 || id >= depth {
                                    source += oh * ow
                                    continue
                                }
                                for zh in 0..<oh {
                                    let ih = zh * sh - ph + b
                                    if ih >= 0 && ih < height {
                                        let line = target + (id * height + ih) * width
                                        if sw == 1 {
                                            let shifted = line + (e - pw)
                                            for zw in firstW..<endW { shifted[zw] += source[zw] }
                                        } else {
                                            for zw in firstW..<endW { line[zw * sw - pw + e] += source[zw] }
                                        }
                                    }
                                    source += ow
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Output indices `o` in `0..<outputExtent` whose input index `o·stride − padding + kernelOffset`
/// lies in `0..<inputExtent` (a contiguous range, possibly empty).
@inline(__always)
func validOutputRange(kernelOffset: Int, padding: Int, stride: Int, inputExtent: Int, outputExtent: Int) -> Range<Int> {
    // ceil((padding − offset) / stride) and floor((inputExtent − 1 + padding − offset) / stride) + 1
    let low = padding - kernelOffset
    let first = low <= 0 ? 0 : (low + stride - 1) / stride
    let high = inputExtent - 1 + padding - kernelOffset
    let end = high < 0 ? 0 : min(outputExtent, high / stride + 1)
    let clampedFirst = min(first, outputExtent)
    return clampedFirst..<max(clampedFirst, end)
}
