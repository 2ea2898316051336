import Glibc

/// How a filter reads outside the frame.
enum Boundary {
    /// Replicate the edge sample: `… a a | a b c d | d d …` (ndimage `nearest`).
    case nearest
    /// Half-sample symmetric: `… b a | a b c d | d c …` (ndimage `reflect`).
    case symmetric
    /// Whole-sample symmetric: `… c b | a b c d | c b …` (numpy `reflect`, ndimage `mirror`).
    case mirror

    /// The in-range index that position `j` reads for an axis of length `n`.
    func index(_ j: Int, _ n: Int) -> Int {
        if j >= 0 && j < n { return j }
        switch self {
        case .nearest:
            return min(max(j, 0), n - 1)
        case .symmetric:
            let period = 2 * n
            var k = j % period
            if k < 0 { k += period }
            return k < n ? k : period - 1 - k
        case .mirror:
            if n == 1 { return 0 }
            let period = 2 * n - 2
            var k = j % period
            if k < 0 { k += period }
            return k < n ? k : period - k
        }
    }
}

/// Separable 1-D convolution along rows then columns of one `height × width` frame.
enum SeparableFilter {
    /// Correlates with the symmetric `kernel` (odd length `2r + 1`) along both axes.
    static func apply(
        _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>,
        height: Int, width: Int, kernel: [Float], boundary: Boundary
    ) {
        let radius = kernel.count / 2
        var temp = [Float](repeating: 0, count: height * width)
        var line = [Float](repeating: 0, count: max(height, width) + 2 * radius)
        kernel.withUnsafeBufferPointer { k in
            line.withUnsafeMutableBufferPointer { line in
                temp.withUnsafeMutableBufferPointer { temp in
                    // Rows: along x.
                    for r in 0..<height {
                        for j in -radius..<(width + radius) { line[j + radius] = input[r * width + boundary.index(j, width)] }
                        for c in 0..<width {
                            var sum: Float = 0
                            for t in 0..<k.count { sum += k[t] * line[c + t] }
                            temp[r * width + c] = sum
                        }
                    }
                    // Columns: along y, all columns of a row at once for contiguous access.
                    for r in 0..<height {
                        let out = r * width
                        for c in 0..<width { output[out + c] = 0 }
                        for t in 0..<k.count {
                            let source = boundary.index(r + t - radius, height) * width
                            let weight = k[t]
                            for c in 0..<width { output[out + c] += weight * temp[source + c] }
                        }
                    }
                }
            }
        }
    }

    /// Normalised Gaussian taps `exp(−x²/2σ²)` for x in −r…r, r = ⌊truncate·σ + ½⌋ (ndimage).
    static func gaussianKernel(sigma: Double, truncate: Double) -> [Float] {
        let radius = Int(truncate * sigma + 0.5)
        let raw = (-radius...radius).map { x in exp(-0.5 * Double(x * x) / (sigma * sigma)) }
        let total = raw.reduce(0, +)
        return raw.map { Float($0 / total) }
    }
}
