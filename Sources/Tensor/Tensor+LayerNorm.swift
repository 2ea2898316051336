import Glibc

/// Layer normalisation per sample with a per-channel affine, forward and backward.
///
/// For input `[N, C, …]` (any trailing spatial axes), with M = C·(spatial size) elements per sample:
/// ```
/// μₙ = (1/M) Σ_{c,s} x[n,c,s]        σ²ₙ = (1/M) Σ (x − μₙ)²        r = 1/√(σ²ₙ + ε)
/// x̂ = (x − μₙ)·r                     y[n,c,s] = γ[c]·x̂[n,c,s] + β[c]
/// ```
/// The statistics span all non-batch axes (C, D, H, W), as TensorFlow's `layer_norm` in the
/// E3D-LSTM code; the affine is per channel, so the same weights work at any grid size.
/// Backward, with ĝ = g·γ[c]:
/// ```
/// dβ[c] = Σ_{n,s} g     dγ[c] = Σ_{n,s} g·x̂     dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))   (means per sample)
/// ```
public struct LayerNormResult: Sendable {
    /// Normalised and scaled output, same shape as the input.
    public var output: Tensor
    /// x̂, the normalised input (kept for the backward pass).
    public var normalized: Tensor
    /// 1/√(σ² + ε) per sample, shape `[N]`.
    public var inverseStandardDeviation: Tensor
}

extension Tensor {
    /// Layer norm forward; see `LayerNormResult` for the maths.
    /// - Precondition: rank ≥ 2, `gain` and `bias` of shape `[C]`, `epsilon > 0`.
    public static func layerNorm(_ input: Tensor, gain: Tensor, bias: Tensor, epsilon: Float = 1e-5) -> LayerNormResult {
        precondition(input.rank >= 2, "layerNorm: input \(input.shape) needs [N, C, …]")
        let (n, c) = (input.shape[0], input.shape[1])
        precondition(gain.shape == [c] && bias.shape == [c], "layerNorm: gain \(gain.shape), bias \(bias.shape) ≠ [\(c)]")
        precondition(epsilon > 0, "layerNorm: epsilon \(epsilon) ≤ 0")
        let spatial = input.count / max(n * c, 1), perSample = c * spatial
        var output = Tensor(uninitializedShape: input.shape), normalized = Tensor(uninitializedShape: input.shape)
        var inverse = Tensor(uninitializedShape: [n])
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                normalized.withUnsafeMutableBufferPointer { xh in
                    inverse.withUnsafeMutableBufferPointer { r in
                        gain.withUnsafeBufferPointer { gamma in
                            bias.withUnsafeBufferPointer { beta in
                                let px = x.baseAddress!, py = y.baseAddress!, ph = xh.baseAddress!, pr = r.baseAddress!
                                let pg = gamma.baseAddress!, pb = beta.baseAddress!
                                parallelChunks(count: n, minimumChunk: max(1, 16_384 / max(perSample, 1))) { samples in
                                    for sample in samples {
                                        let base = sample * perSample
                                        let mean = doubleSum(px + base, count: perSample) / Double(perSample)
                                        let squares = doubleSquaredDeviations(px + base, count: perSample, from: mean)
                                        let rstd = Float(1 / (squares / Double(perSample) + Double(epsilon)).squareRoot())
                                        pr[sample] = rstd
                                        let meanF = Float(mean)
                                        for channel in 0..<c {
                                            let start = base + channel * spatial
                                            let scale = pg[channel], shift = pb[channel]
                                            for s in 0..<spatial {
                                                let value = (px[start + s] - meanF) * rstd
                                                ph[start + s] = value
                                                py[start + s] = value * scale + shift
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
        return LayerNormResult(output: output, normalized: normalized, inverseStandardDeviation: inverse)
    }

    /// Layer norm backward; returns the gradients for input, gain and bias.
    public static func layerNormBackward(
        outputGradient: Tensor, normalized: Tensor, inverseStandardDeviation: Tensor, gain: Tensor
    ) -> (input: Tensor, gain: Tensor, bias: Tensor) {
        precondition(outputGradient.shape == normalized.shape, "layerNormBackward: \(outputGradient.shape) vs \(normalized.shape)")
        let (n, c) = (normalized.shape[0], normalized.shape[1])
        let spatial = normalized.count / max(n * c, 1), perSample = c * spatial
        var inputGradient = Tensor(uninitializedShape: normalized.shape)
        // Per-sample partial sums of dγ, dβ; reduced after the parallel loop.
        var gainPartials = [Float](repeating: 0, count: n * c), biasPartials = [Float](repeating: 0, count: n * c)
        outputGradient.withUnsafeBufferPointer { gy in
            normalized.withUnsafeBufferPointer { xh in
                inverseStandardDeviation.withUnsafeBufferPointer { r in
                    gain.withUnsafeBufferPointer { gamma in
                        inputGradient.withUnsafeMutableBufferPointer { dx in
                            gainPartials.withUnsafeMutableBufferPointer { dg in
                                biasPartials.withUnsafeMutableBufferPointer { db in
                                    let pgy = gy.baseAddress!, pxh = xh.baseAddress!, pr = r.baseAddress!
                                    let pgamma = gamma.baseAddress!, pdx = dx.baseAddress!
                                    let pdg = dg.baseAddress!, pdb = db.baseAddress!
                                    parallelChunks(count: n, minimumChunk: max(1, 16_384 / max(perSample, 1))) { samples in
                                        for sample in samples {
                                            let base = sample * perSample
                                            var sumG: Double = 0, sumGX: Double = 0
                                            for channel in 0..<c {
                                                let start = base + channel * spatial
                                                var channelG: Float = 0, channelGX: Float = 0
                                                for s in 0..<spatial {
                                                    channelG += pgy[start + s]
                                                    channelGX += pgy[start + s] * pxh[start + s]
                                                }
                                                pdb[sample * c + channel] = channelG
                                                pdg[sample * c + channel] = channelGX
                                                sumG += Double(channelG * pgamma[channel])
                                                sumGX += Double(channelGX * pgamma[channel])
                                            }
                                            let meanG = Float(sumG / Double(perSample)), meanGX = Float(sumGX / Double(perSample))
                                            let rstd = pr[sample]
                                            for channel in 0..<c {
                                                let start = base + channel * spatial
                                                let scale = pgamma[channel]
                                                for s in 0..<spatial {
                                                    pdx[start + s] = rstd * (pgy[start + s] * scale - meanG - pxh[start + s] * meanGX)
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
        let gainGradient = Tensor(shape: [n, c], scalars: gainPartials).sum(alongAxes: [0], keepingDimensions: false)
        let biasGradient = Tensor(shape: [n, c], scalars: biasPartials).sum(alongAxes: [0], keepingDimensions: false)
        return (inputGradient, gainGradient, biasGradient)
    }
}

/// Σ x in Double with four independent accumulators (no serial add chain, so it pipelines).
@inline(__always)
private func doubleSum(_ x: UnsafePointer<Float>, count: Int) -> Double {
    var lanes: (Double, Double, Double, Double) = (0, 0, 0, 0)
    var i = 0
    while i + 4 <= count {
        lanes.0 += Double(x[i]); lanes.1 += Double(x[i + 1]); lanes.2 += Double(x[i + 2]); lanes.3 += Double(x[i + 3])
        i += 4
    }
    var total = (lanes.0 + lanes.1) + (lanes.2 + lanes.3)
    while i < count { total += Double(x[i]); i += 1 }
    return total
}

/// Σ (x − mean)² in Double with four independent accumulators.
@inline(__always)
private func doubleSquaredDeviations(_ x: UnsafePointer<Float>, count: Int, from mean: Double) -> Double {
    var lanes: (Double, Double, Double, Double) = (0, 0, 0, 0)
    var i = 0
    while i + 4 <= count {
        let d0 = Double(x[i]) - mean, d1 = Double(x[i + 1]) - mean, d2 = Double(x[i + 2]) - mean, d3 = Double(x[i + 3]) - mean
        lanes.0 += d0 * d0; lanes.1 += d1 * d1; lanes.2 += d2 * d2; lanes.3 += d3 * d3
        i += 4
    }
    var total = (lanes.0 + lanes.1) + (lanes.2 + lanes.3)
    while i < count { let d = Double(x[i]) - mean; total += d * d; i += 1 }
    return total
}
