public import Tensor
import Glibc

/// Per-frame smoothing filters and outlier removal on `[H, W]` or `[T, H, W]` tensors.
public enum Filters {
    /// Gaussian blur: separable correlation with `exp(−x²/2σ²)` normalised, truncated at
    /// r = ⌊4σ + ½⌋, edges replicated. Matches scikit-image `filters.gaussian(mode="nearest")`.
    public static func gaussian(_ x: Tensor, sigma: Double) -> Tensor {
        precondition(sigma > 0, "gaussian: sigma \(sigma)")
        let (_, height, width) = FrameMap.geometry(x, "gaussian")
        let kernel = SeparableFilter.gaussianKernel(sigma: sigma, truncate: 4)
        return FrameMap.apply(x, caller: "gaussian") { _, input, output in
            SeparableFilter.apply(input, output, height: height, width: width, kernel: kernel, boundary: .nearest)
        }
    }

    /// Median over the `(2·radius + 1)²` square around each pixel, edges replicated. Matches
    /// scikit-image `filters.median(footprint=square)` (ndimage `median_filter`, mode `nearest`).
    public static func median(_ x: Tensor, radius: Int) -> Tensor {
        precondition(radius >= 1, "median: radius \(radius)")
        let (_, height, width) = FrameMap.geometry(x, "median")
        return FrameMap.apply(x, caller: "median") { _, input, output in
            medianFrame(input, output, height: height, width: width, radius: radius)
        }
    }

    static func medianFrame(
        _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>,
        height: Int, width: Int, radius: Int
    ) {
        let side = 2 * radius + 1
        var window = [Float](repeating: 0, count: side * side)
        for r in 0..<height {
            for c in 0..<width {
                var n = 0
                for dr in -radius...radius {
                    let row = Boundary.nearest.index(r + dr, height) * width
                    for dc in -radius...radius {
                        window[n] = input[row + Boundary.nearest.index(c + dc, width)]
                        n += 1
                    }
                }
                output[r * width + c] = select(&window, rank: n / 2)
            }
        }
    }

    /// The `rank`-th smallest element (Hoare's quickselect); reorders `values`.
    static func select(_ values: inout [Float], rank: Int) -> Float {
        var low = 0
        var high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j { high = j } else if rank >= i { low = i } else { return values[rank] }
        }
        return values[rank]
    }

    /// Hot- (and dead-) pixel removal: with `m` the 3 × 3 median and the residual `x − m`, robust
    /// σ = 1.4826 · median|x − m| over the frame; pixels with |x − m| > threshold · σ become `m`.
    /// Returns the cleaned frames and the number of replaced pixels per frame.
    public static func removeHotPixels(_ x: Tensor, threshold: Double) -> (frames: Tensor, replaced: [Int]) {
        let (frames, height, width) = FrameMap.geometry(x, "hotpixels")
        let cleaned = FrameMap.collect(frames) { t -> CleanedFrame in
            x.withUnsafeBufferPointer { all in
                let input = UnsafeBufferPointer(rebasing: all[(t * height * width)..<((t + 1) * height * width)])
                var medians = [Float](repeating: 0, count: height * width)
                medians.withUnsafeMutableBufferPointer { medianFrame(input, $0, height: height, width: width, radius: 1) }
                var residuals = (0..<(height * width)).map { abs(input[$0] - medians[$0]) }
                let sigma = 1.4826 * select(&residuals, rank: residuals.count / 2)
                let limit = Float(threshold) * max(sigma, Float.leastNormalMagnitude)
                var frame = Array(input)
                var replaced = 0
                for i in 0..<(height * width) where abs(input[i] - medians[i]) > limit {
                    frame[i] = medians[i]
                    replaced += 1
                }
                return CleanedFrame(scalars: frame, replaced: replaced)
            }
        }
        return (Tensor(shape: x.shape, scalars: cleaned.flatMap(\.scalars)), cleaned.map(\.replaced))
    }

    private struct CleanedFrame: Sendable {
        var scalars: [Float]
        var replaced: Int
    }

    /// Noise standard deviation of one frame, Immerkær (1996): convolve with
    /// `[[1,−2,1],[−2,4,−2],[1,−2,1]]` (which cancels planes) and take
    /// σ = √(π/2) / (6 (W−2)(H−2)) · Σ|I ∗ N| over the interior.
    public static func estimateNoise(_ frame: Tensor) -> Double {
        precondition(frame.rank == 2 && frame.shape[0] >= 3 && frame.shape[1] >= 3, "estimateNoise: \(frame.shape)")
        let (height, width) = (frame.shape[0], frame.shape[1])
        return frame.withUnsafeBufferPointer { x in
            var total = 0.0
            for r in 1..<(height - 1) {
                for c in 1..<(width - 1) {
                    let i = r * width + c
                    let corners = x[i - width - 1] + x[i - width + 1] + x[i + width - 1] + x[i + width + 1]
                    let edges = x[i - width] + x[i + width] + x[i - 1] + x[i + 1]
                    total += abs(Double(corners - 2 * edges + 4 * x[i]))
                }
            }
            return (Double.pi / 2).squareRoot() * total / (6 * Double(width - 2) * Double(height - 2))
        }
    }
}
