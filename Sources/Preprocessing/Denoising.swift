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
    ///   - patchSize: s (made odd), ≥ 3, default 7.
    ///   - searchDistance: d, default 11.
    ///   - strength: h in intensity units; nil = 0.8 σ̂ (scikit-image's advice for fast mode).
    ///   - noise: σ; nil = σ̂, the frame's Immerkær noise estimate.
    /// - Returns: the frames and σ̂ per frame.
    public static func nonLocalMeans(
        _ x: Tensor, patchSize: Int = 7, searchDistance: Int = 11, strength: Double? = nil, noise: Double? = nil
    ) -> (frames: Tensor, estimatedNoise: [Double]) {
        let (frames, height, width) = FrameMap.geometry(x, "nonLocalMeans")
        precondition(patchSize >= 3 && searchDistance >= 1 && height >= 3 && width >= 3, "nonLocalMeans: patch \(patchSize), distance \(searchDistance), frame \(height)×\(width)")
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
        let o = s / 2
        let pad = o + d + 1
        let rows = height + 2 * pad
        let cols = width + 2 * pad
        let count = rows * cols
        // Workspace: padded frame, squared differences, weight and value accumulators, and three
        // rows (column sums, box sums, pair weights).
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 4 * count + 3 * cols)
        defer { buffer.deallocate() }
        let padded = buffer
        let squared = buffer + count
        let weights = buffer + 2 * count
        let result = buffer + 3 * count
        let columnSums = buffer + 4 * count
        let boxSums = columnSums + cols
        let pairWeights = boxSums + cols
        for r in 0..<rows {
            let source = Boundary.mirror.index(r - pad, height) * width
            for c in 0..<cols { padded[r * cols + c] = input[source + Boundary.mirror.index(c - pad, width)] }
        }
        weights.initialize(repeating: 0, count: count)
        result.initialize(repeating: 0, count: count)
        let inverse = Float(1 / (h * h * Double(s * s)))
        let twiceVariance = Float(2 * variance)
        for tr in -d...d {
            let rowStart = max(o, o - tr)
            let rowEnd = min(rows - o, rows - o - tr)
            for tc in 0...d {
                let alpha: Float = tc == 0 ? 0.5 : 1
                let shift = tr * cols + tc
                // Only pairs with at least one pixel inside the frame change the output: rows
                // r or r + t_r, and columns c or c + t_c, inside [pad, pad + extent).
                let rowLow = max(rowStart, pad - max(tr, 0))
                let rowHigh = min(rowEnd, pad + height + max(-tr, 0))
                let colLow = max(o, pad - tc)
                let colHigh = min(cols - o - tc, pad + width)
                guard rowLow < rowHigh, colLow < colHigh else { continue }
                let firstColumn = colLow - o + 1
                let lastColumn = colHigh + o  // exclusive
                // D(y) = (P(y) − P(y + t))² − 2σ² on the rows and columns the boxes read.
                for r in (rowLow - o + 1)..<(rowHigh + o) {
                    let row = padded + r * cols
                    let target = squared + r * cols
                    for c in firstColumn..<lastColumn {
                        let difference = row[c] - row[c &+ shift]
                        target[c] = difference * difference - twiceVariance
                    }
                }
                for r in rowLow..<rowHigh {
                    // Column sums over rows (r − o, r + o], summed afresh for every row (a sliding
                    // sum would carry the rounding error of outliers such as hot pixels along).
                    let top = squared + (r - o + 1) * cols
                    for c in firstColumn..<lastColumn { columnSums[c] = top[c] }
                    for k in 1..<(2 * o) {
                        let next = top + k * cols
                        for c in firstColumn..<lastColumn { columnSums[c] += next[c] }
                    }
                    // Box sums over columns (c − o, c + o].
                    for c in colLow..<colHigh { boxSums[c] = columnSums[c &- o &+ 1] }
                    for k in 1..<(2 * o) {
                        for c in colLow..<colHigh { boxSums[c] += columnSums[c &- o &+ 1 &+ k] }
                    }
                    weightRow(boxSums + colLow, pairWeights + colLow, colHigh - colLow, inverse: inverse, alpha: alpha)
                    let base = r * cols
                    for c in colLow..<colHigh {
                        let w = pairWeights[c]
                        weights[base &+ c] += w
                        result[base &+ c] += w * padded[base &+ c &+ shift]
                    }
                    for c in colLow..<colHigh {
                        let w = pairWeights[c]
                        weights[base &+ c &+ shift] += w
                        result[base &+ c &+ shift] += w * padded[base &+ c]
                    }
                }
            }
        }
        for r in 0..<height {
            for c in 0..<width {
                let i = (r + pad) * cols + c + pad
                output[r * width + c] = result[i] / weights[i]
            }
        }
    }

    /// `w = alpha · exp(−D)` with `D = max(box, 0) · inverse`, or 0 when D > 5, eight lanes at a time.
    @inline(__always)
    static func weightRow(_ box: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>, _ n: Int, inverse: Float, alpha: Float) {
        var c = 0
        while c + 8 <= n {
            let raw = UnsafeRawPointer(box + c).loadUnaligned(as: SIMD8<Float>.self)
            let distance = pointwiseMin(raw.replacing(with: 0, where: raw .< 0) * inverse, SIMD8(repeating: 6))
            let value = (alpha * schraudolphExp(-distance)).replacing(with: 0, where: distance .> 5)
            UnsafeMutableRawPointer(w + c).storeBytes(of: value, as: SIMD8<Float>.self)
            c += 8
        }
        while c < n {
            let distance = max(box[c], 0) * inverse
            w[c] = distance > 5 ? 0 : alpha * schraudolphExp(SIMD8<Float>(repeating: -distance))[0]
            c += 1
        }
    }

    /// Schraudolph's (1999) exponential as scikit-image uses it: the double whose high 32 bits
    /// are `h = ⌊1512775·y⌋ + 1072632447` (low bits zero), i.e. `2^⌊u⌋ · (1 + u − ⌊u⌋)` with
    /// `u = (1512775·y − 60801) / 2²⁰`. Computed in Float without the inner floor (a difference of
    /// at most 2⁻²⁰ relative) and without integer conversions or rounding instructions: ⌊u⌋ comes
    /// from the 1.5·2²³ rounding trick, `2^e` from the bits of `e + 127 + 2²³`.
    /// Relative error to exp within a few per cent, monotone; callers keep −6 ≤ y ≤ 0.
    @inline(__always)
    static func schraudolphExp(_ y: SIMD8<Float>) -> SIMD8<Float> {
        let u = (1_512_775 * y - 60_801) * (1.0 / 1_048_576)
        let nearest = (u + 12_582_912) - 12_582_912
        let e = nearest.replacing(with: nearest - 1, where: nearest .> u)
        let biased = unsafeBitCast(e + (127 + 8_388_608), to: SIMD8<UInt32>.self) &- 0x4B00_0000
        return (1 + (u - e)) * unsafeBitCast(biased &<< 23, to: SIMD8<Float>.self)
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
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 2 * size + width)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 0, count: 2 * size + width)
        let p0 = buffer  // dual field, row component
        let p1 = buffer + size  // dual field, column component
        let zeros = buffer + 2 * size  // the row "above" row 0
        let f = image.baseAddress!
        let u = out.baseAddress!
        let tau: Float = 0.25
        let factor = tau / weight
        var initialEnergy = 0.0
        var previousEnergy = 0.0
        var iteration = 0
        while iteration < maxIterations {
            // u = f + d with d = −div p: d = p0(r−1) + p1(c−1) − p0 − p1 (missing neighbours are 0).
            var energy = 0.0
            if iteration == 0 {
                for i in 0..<size { u[i] = f[i] }
            } else {
                for r in 0..<height {
                    let i0 = r * width
                    let up = r > 0 ? p0 + (i0 - width) : zeros
                    var d = up[0] - p0[i0] - p1[i0]
                    u[i0] = f[i0] + d
                    var rowEnergy = d * d
                    var lanes = SIMD8<Float>(repeating: 0)
                    var c = 1
                    while c + 8 <= width {
                        let i = i0 &+ c
                        let dv = load(up + c) + load(p1 + (i &- 1)) - load(p0 + i) - load(p1 + i)
                        store(load(f + i) + dv, u + i)
                        lanes += dv * dv
                        c += 8
                    }
                    while c < width {
                        let i = i0 + c
                        d = up[c] + p1[i - 1] - p0[i] - p1[i]
                        u[i] = f[i] + d
                        rowEnergy += d * d
                        c += 1
                    }
                    energy += Double(rowEnergy + lanes.sum())
                }
            }
            // g = ∇u (forward differences, 0 past the last row/column); p ← (p − τg) / (1 + τ/w |g|).
            var total = 0.0
            for r in 0..<height {
                let i0 = r * width
                let next = r < height - 1 ? u + (i0 + width) : u + i0
                var lanes = SIMD8<Float>(repeating: 0)
                var rowTotal: Float = 0
                var c = 0
                while c + 8 <= width - 1 {
                    let i = i0 &+ c
                    let here = load(u + i)
                    let g0 = load(next + c) - here
                    let g1 = load(u + (i &+ 1)) - here
                    let norm = (g0 * g0 + g1 * g1).squareRoot()
                    lanes += norm
                    let denominator = 1 + factor * norm
                    store((load(p0 + i) - tau * g0) / denominator, p0 + i)
                    store((load(p1 + i) - tau * g1) / denominator, p1 + i)
                    c += 8
                }
                while c < width {
                    let i = i0 + c
                    let g0 = next[c] - u[i]
                    let g1 = c < width - 1 ? u[i + 1] - u[i] : 0
                    let norm = (g0 * g0 + g1 * g1).squareRoot()
                    rowTotal += norm
                    let denominator = 1 + factor * norm
                    p0[i] = (p0[i] - tau * g0) / denominator
                    p1[i] = (p1[i] - tau * g1) / denominator
                    c += 1
                }
                total += Double(rowTotal + lanes.sum())
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

    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
