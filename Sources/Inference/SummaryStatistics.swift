public import Tensor
import Glibc

/// Rotation-invariant morphology summaries of a solidification frame stack.
///
/// Each frame `φ [H, W]` (solid = 1) is first smoothed with the 3 × 3 binomial kernel
/// `[1 2 1]ᵀ[1 2 1] / 16` (edges replicated; pixel noise σ → 0.375 σ), then mapped to a soft
/// solid mask `m = smoothstep((φ̃ − 1/4) / (1/2))` (0 below 0.25, 1 above 0.75, `3x² − 2x³`
/// between). Smoothing plus dead zones make the summaries insensitive to pixel noise up to
/// σ ≈ 0.15 in either phase (the dead zone is then 4.4 σ̃ away), while the ramp keeps part of the
/// grey levels of 1–3 px arms (a 1 px arm of φ = 1 peaks at φ̃ = 0.5). On `m` the features of ``SummaryFeature`` are
/// measured about the mass centroid; none depends on the crystal orientation θ0, and all lengths
/// are divided by `h = min(H, W) / 2`.
///
/// Tip and notch radii come from `rayCount` rays cast from the centroid in steps of
/// `rayStep` px with bilinear sampling of `m`; along each ray the outermost crossing of 1/2 is
/// located by linear interpolation between samples.
public enum SummaryStatistics {
    /// Rays used for tip and notch radii.
    public static let rayCount = 48
    /// Sampling step along a ray, in pixels.
    public static let rayStep = 0.5

    /// Summaries of every frame of `frames [T, H, W]`.
    /// - Precondition: `frames` has rank 3 with `H, W ≥ 4`.
    public static func series(of frames: Tensor) -> SummarySeries {
        precondition(frames.rank == 3 && frames.shape[1] >= 4 && frames.shape[2] >= 4, "series: frames \(frames.shape)")
        let (t, h, w) = (frames.shape[0], frames.shape[1], frames.shape[2])
        var values = [Double]()
        values.reserveCapacity(t * SummaryFeature.allCases.count)
        frames.withUnsafeBufferPointer { buffer in
            for frame in 0..<t {
                let slice = UnsafeBufferPointer(rebasing: buffer[(frame * h * w)..<((frame + 1) * h * w)])
                values += features(of: slice, height: h, width: w)
            }
        }
        return SummarySeries(frameCount: t, features: SummaryFeature.allCases, values: values)
    }

    /// The soft solid mask value for a phase value `phi`.
    @inline(__always)
    public static func softMask(_ phi: Float) -> Double {
        let x = min(max((Double(phi) - 0.25) / 0.5, 0), 1)
        return x * x * (3 - 2 * x)
    }

    /// Features of one frame (row-major `height × width`), in `SummaryFeature.allCases` order.
    static func features(of frame: UnsafeBufferPointer<Float>, height: Int, width: Int) -> [Double] {
        let scale = Double(min(height, width)) / 2
        let smoothed = binomialSmoothed(frame, height: height, width: width)
        var mask = [Double](repeating: 0, count: height * width)
        var mass = 0.0, sumY = 0.0, sumX = 0.0
        for i in 0..<height {
            for j in 0..<width {
                let value = softMask(smoothed[i * width + j])
                mask[i * width + j] = value
                mass += value
                sumY += value * Double(i)
                sumX += value * Double(j)
            }
        }
        guard mass > 1e-9 else { return [Double](repeating: 0, count: SummaryFeature.allCases.count) }
        let cy = sumY / mass, cx = sumX / mass

        var interface = 0.0, second = 0.0, sixRe = 0.0, sixIm = 0.0
        mask.withUnsafeBufferPointer { m in
            for i in 0..<height {
                for j in 0..<width {
                    let value = m[i * width + j]
                    if i > 0 && i < height - 1 && j > 0 && j < width - 1 {
                        let gy = (m[(i + 1) * width + j] - m[(i - 1) * width + j]) / 2
                        let gx = (m[i * width + j + 1] - m[i * width + j - 1]) / 2
                        interface += (gx * gx + gy * gy).squareRoot()
                    }
                    guard value > 0 else { continue }
                    let dy = Double(i) - cy, dx = Double(j) - cx
                    let r2 = dx * dx + dy * dy
                    second += value * r2
                    if r2 > 0 {
                        let angle = atan2(dy, dx)
                        sixRe += value * r2 * cos(6 * angle)
                        sixIm += value * r2 * sin(6 * angle)
                    }
                }
            }
        }
        let rays = rayRadii(mask: mask, height: height, width: width, centreY: cy, centreX: cx).sorted()
        return [
            mass / Double(height * width),
            interface / (2 * Double.pi * scale),
            (second / mass).squareRoot() / scale,
            percentile(rays, 0.9) / scale,
            percentile(rays, 0.1) / scale,
            second > 0 ? (sixRe * sixRe + sixIm * sixIm).squareRoot() / second : 0,
        ]
    }

    /// The frame convolved with `[1 2 1]ᵀ[1 2 1] / 16`, borders replicated.
    static func binomialSmoothed(_ frame: UnsafeBufferPointer<Float>, height: Int, width: Int) -> [Float] {
        var rows = [Float](repeating: 0, count: height * width)
        for i in 0..<height {
            for j in 0..<width {
                let left = frame[i * width + max(j - 1, 0)], right = frame[i * width + min(j + 1, width - 1)]
                rows[i * width + j] = (left + 2 * frame[i * width + j] + right) / 4
            }
        }
        var result = rows
        for i in 0..<height {
            let up = max(i - 1, 0), down = min(i + 1, height - 1)
            for j in 0..<width { result[i * width + j] = (rows[up * width + j] + 2 * rows[i * width + j] + rows[down * width + j]) / 4 }
        }
        return result
    }

    /// Outermost radius along each ray where the mask crosses 1/2 (0 if never above 1/2).
    static func rayRadii(mask: [Double], height: Int, width: Int, centreY: Double, centreX: Double) -> [Double] {
        let maximumRadius = Double(height * height + width * width).squareRoot()
        var radii = [Double](repeating: 0, count: rayCount)
        for ray in 0..<rayCount {
            let angle = 2 * Double.pi * Double(ray) / Double(rayCount)
            let (uy, ux) = (sin(angle), cos(angle))
            var lastInside = -1.0, valueInside = 0.0, valueAfter = 0.0
            var previousWasInside = false
            var r = 0.0
            while r <= maximumRadius {
                let y = centreY + r * uy, x = centreX + r * ux
                if y < 0 || x < 0 || y > Double(height - 1) || x > Double(width - 1) { break }
                let value = bilinear(mask, height: height, width: width, y: y, x: x)
                if value > 0.5 {
                    lastInside = r
                    valueInside = value
                    previousWasInside = true
                } else if previousWasInside {
                    valueAfter = value
                    previousWasInside = false
                }
                r += rayStep
            }
            guard lastInside >= 0 else { continue }
            if previousWasInside {
                radii[ray] = lastInside  // solid up to the image border
            } else {
                radii[ray] = lastInside + rayStep * (valueInside - 0.5) / (valueInside - valueAfter)
            }
        }
        return radii
    }

    @inline(__always)
    static func bilinear(_ field: [Double], height: Int, width: Int, y: Double, x: Double) -> Double {
        let i = min(Int(y), height - 2), j = min(Int(x), width - 2)
        let fy = y - Double(i), fx = x - Double(j)
        let a = field[i * width + j], b = field[i * width + j + 1]
        let c = field[(i + 1) * width + j], d = field[(i + 1) * width + j + 1]
        return (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d)
    }

    /// Linear-interpolated percentile `q ∈ [0, 1]` of ascending `sorted`.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
