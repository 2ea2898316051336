public import Tensor
import Glibc

/// Edge-preserving denoisers, 2-D per frame, frames in parallel.
public enum Denoising {
    /// Non-local means, the shift-major ("fast") algorithm of Darbon et al. (2008) as scikit-image
    /// implements it (`restoration.denoise_nl_means(fast_mode=True)`):
    ///
    /// For every shift `t = (t_r, t_c)` with |t_r| ≤ d, 0 ≤ t_c ≤ d, the patch distance is
    /// `D(x, t) = max(Σ_box [(u(y) − u(y + t))² − 2σ²], 0) / (h² s²)` summed over the box
    /// `(x − s/2, x + s/2]` (an integral image of the squared difference), and the pair
    /// (x, x + t) gets weight `exp(−D)` both ways (½ for t_c = 0, whose shifts are visited twice;
    /// skipped if D > 5). The result is `Σ w u(x + t) / Σ w`. The frame is padded by
    /// `s/2 + d + 1` with whole-sample mirroring. The exponential is Schraudolph's (1999)
    /// bit-level approximation, as in scikit-image, so the outputs agree to float precision.
    ///
    /// - Parameters:
    ///   - patchSize: s (made odd), default 7.
    ///   - searchDistance: d, default 11.
    ///   - strength: h in intensity units; nil = 0.8 σ̂ (scikit-image's advice for fast mode).
    ///   - noise: σ; nil = σ̂, the frame's Immerkær noise estimate.
    /// - Returns: the frames and σ̂ per frame.
    public static func nonLocalMeans(
        _ x: Tensor, patchSize: Int = 7, searchDistance: Int = 11, strength: Double? = nil, noise: Double? = nil
    ) -> (frames: Tensor, estimatedNoise: [Double]) {
        let (frames, height, width) = FrameMap.geometry(x, "nonLocalMeans")
        let estimates = FrameMap.collect(frames) { t -> Double in
            let frame = x.rank == 2 ? x : x.frame(t)
            return strength == nil || noise == nil ? Filters.estimateNoise(frame) : 0
        }
        let shared = estimates
        let output = FrameMap.apply(x, caller: "nonLocalMeans") { t, input, output in
            let sigma = noise ?? shared[t]
            let h = strength ?? max(0.8 * shared[t], 1e-12)
            nonLocalMeansFrame(input, output, height: height, width: width, patchSize: patchSize, distance: searchDistance, h: h, variance: sigma * sigma)
        }
        return (output, estimates)
    }

    static func nonLocalMeansFrame(
        _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>,
        height: Int, width: Int, patchSize: Int, distance d: Int, h: Double, variance: Double
    ) {
        let s = patchSize % 2 == 0 ? patchSize + 1 : patchSize
        let offset = s / 2
        let pad = offset + d + 1
        let rows = height + 2 * pad
        let cols = width + 2 * pad
        let count = rows * cols
        let padded = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        let integral = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        let result = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        let weights = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        defer {
            padded.deallocate()
            integral.deallocate()
            result.deallocate()
            weights.deallocate()
        }
        for r in 0..<rows {
            let source = Boundary.mirror.index(r - pad, height) * width
            for c in 0..<cols { padded[r * cols + c] = Double(input[source + Boundary.mirror.index(c - pad, width)]) }
        }
        result.initialize(repeating: 0)
        weights.initialize(repeating: 0)
        let h2s2 = h * h * Double(s * s)
        let inverse = 1 / h2s2
        let twiceVariance = 2 * variance
        for tr in -d...d {
            for tc in 0...d {
                let alpha = tc == 0 ? 0.5 : 1.0
                // Integral image of (u(y) − u(y + t))² − 2σ² over rows r0..<r1, columns c0..<c1.
                integral.initialize(repeating: 0)
                let r0 = max(1, -tr)
                let r1 = min(rows, rows - tr)
                let c0 = max(1, -tc)
                let c1 = min(cols, cols - tc)
                let shift = tr * cols + tc
                for r in r0..<r1 {
                    var running = 0.0
                    let row = r * cols
                    for c in c0..<c1 {
                        let difference = padded[row + c] - padded[row + c + shift]
                        running += difference * difference - twiceVariance
                        integral[row + c] = running + integral[row - cols + c]
                    }
                }
                let rowStart = max(offset, offset - tr)
                let rowEnd = min(rows - offset, rows - offset - tr)
                let colStart = max(offset, offset - tc)
                let colEnd = min(cols - offset, cols - offset - tc)
                let below = offset * cols
                for r in rowStart..<rowEnd {
                    let row = r * cols
                    for c in colStart..<colEnd {
                        let i = row + c
                        let box = integral[i + below + offset] + integral[i - below - offset]
                            - integral[i - below + offset] - integral[i + below - offset]
                        let distance = max(box, 0) * inverse
                        if distance > 5 { continue }
                        let weight = alpha * schraudolphExp(-distance)
                        weights[i] += weight
                        weights[i + shift] += weight
                        result[i] += weight * padded[i + shift]
                        result[i + shift] += weight * padded[i]
                    }
                }
            }
        }
        for r in 0..<height {
            for c in 0..<width {
                let i = (r + pad) * cols + c + pad
                output[r * width + c] = Float(result[i] / weights[i])
            }
        }
    }

    /// Schraudolph's (1999) exponential: writes `⌊1512775·y + 1072632447⌋` into the high 32 bits
    /// of an IEEE double (low bits zero). Relative error within a few per cent, monotone.
    @inline(__always)
    static func schraudolphExp(_ y: Double) -> Double {
        let high = Int32(truncatingIfNeeded: Int(1_512_775 * y + 1_072_632_447))
        return Double(bitPattern: UInt64(UInt32(bitPattern: high)) << 32)
    }

    /// Total-variation denoising by Chambolle's (2004) dual projection, as scikit-image's
    /// `restoration.denoise_tv_chambolle`: minimises `½‖u − f‖² + weight · TV(u)` with forward
    /// differences (zero at the far edge) and step τ = ¼:
    ///
    /// `u = f − div p`, `g = ∇u`, `p ← (p − τ g) / (1 + τ/weight · |g|)`,
    ///
    /// stopping when the energy `E = (‖div p‖² + weight Σ|∇u|) / N` changes by less than
    /// `tolerance · E₀` between iterations, or after `maxIterations`.
    /// - Returns: the frames and the iterations used per frame.
    public static func totalVariation(
        _ x: Tensor, weight: Double = 0.1, tolerance: Double = 2e-4, maxIterations: Int = 200
    ) -> (frames: Tensor, iterations: [Int]) {
        let (frames, height, width) = FrameMap.geometry(x, "totalVariation")
        let size = height * width
        let results = FrameMap.collect(frames) { t -> TVResult in
            x.withUnsafeBufferPointer { all in
                var output = [Float](repeating: 0, count: size)
                let iterations = output.withUnsafeMutableBufferPointer { out in
                    totalVariationFrame(
                        UnsafeBufferPointer(rebasing: all[(t * size)..<((t + 1) * size)]), out,
                        height: height, width: width, weight: Float(weight), tolerance: tolerance, maxIterations: maxIterations)
                }
                return TVResult(scalars: output, iterations: iterations)
            }
        }
        return (Tensor(shape: x.shape, scalars: results.flatMap(\.scalars)), results.map(\.iterations))
    }

    private struct TVResult: Sendable {
        var scalars: [Float]
        var iterations: Int
    }

    static func totalVariationFrame(
        _ image: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>,
        height: Int, width: Int, weight: Float, tolerance: Double, maxIterations: Int
    ) -> Int {
        let size = height * width
        let p0 = UnsafeMutableBufferPointer<Float>.allocate(capacity: size)
        let p1 = UnsafeMutableBufferPointer<Float>.allocate(capacity: size)
        defer {
            p0.deallocate()
            p1.deallocate()
        }
        p0.initialize(repeating: 0)
        p1.initialize(repeating: 0)
        let tau: Float = 0.25
        let factor = tau / weight
        var initialEnergy = 0.0
        var previousEnergy = 0.0
        var iteration = 0
        while iteration < maxIterations {
            // u = f + d with d = −div p (backward differences of p, zero before the first row/column).
            var energy = 0.0
            if iteration == 0 {
                for i in 0..<size { out[i] = image[i] }
            } else {
                for r in 0..<height {
                    var rowEnergy: Float = 0
                    for c in 0..<width {
                        let i = r * width + c
                        var d = -(p0[i] + p1[i])
                        if r > 0 { d += p0[i - width] }
                        if c > 0 { d += p1[i - 1] }
                        out[i] = image[i] + d
                        rowEnergy += d * d
                    }
                    energy += Double(rowEnergy)
                }
            }
            // g = ∇u (forward differences, 0 at the last row/column); p update.
            var total = 0.0
            for r in 0..<height {
                var rowTotal: Float = 0
                for c in 0..<width {
                    let i = r * width + c
                    let g0 = r < height - 1 ? out[i + width] - out[i] : 0
                    let g1 = c < width - 1 ? out[i + 1] - out[i] : 0
                    let norm = (g0 * g0 + g1 * g1).squareRoot()
                    rowTotal += norm
                    let denominator = 1 + factor * norm
                    p0[i] = (p0[i] - tau * g0) / denominator
                    p1[i] = (p1[i] - tau * g1) / denominator
                }
                total += Double(rowTotal)
            }
            energy = (energy + Double(weight) * total) / Double(size)
            if iteration == 0 {
                initialEnergy = energy
                previousEnergy = energy
            } else if abs(previousEnergy - energy) < tolerance * initialEnergy {
                break
            } else {
                previousEnergy = energy
            }
            iteration += 1
        }
        return min(iteration + 1, maxIterations)
    }
}
