import Tensor

/// Order statistics and histograms over frames or whole stacks.
public enum Statistics {
    /// Percentiles of `values` with linear interpolation between order statistics
    /// (numpy's default `method="linear"`): position `p/100 · (n − 1)` in the sorted values.
    public static func percentiles(_ values: [Float], _ ps: [Double]) -> [Double] {
        precondition(!values.isEmpty, "percentiles: no values")
        let sorted = values.sorted()
        return ps.map { p in
            precondition(p >= 0 && p <= 100, "percentiles: \(p)")
            let position = p / 100 * Double(sorted.count - 1)
            let below = Int(position.rounded(.down))
            let above = min(below + 1, sorted.count - 1)
            let fraction = position - Double(below)
            return Double(sorted[below]) + fraction * (Double(sorted[above]) - Double(sorted[below]))
        }
    }

    /// The median of `values` (mean of the two middle values for an even count).
    public static func median(_ values: [Float]) -> Double {
        precondition(!values.isEmpty, "median: no values")
        var copy = values
        let upper = Double(Filters.select(&copy, rank: copy.count / 2))
        if copy.count % 2 == 1 { return upper }
        return (upper + Double(Filters.select(&copy, rank: copy.count / 2 - 1))) / 2
    }

    /// A `bins`-bin histogram over [min, max] of the values, with the bin centres
    /// (numpy `histogram(bins=n)`: equal bins, the last one closed).
    public static func histogram(_ values: [Float], bins: Int) -> (counts: [Double], centers: [Double]) {
        precondition(!values.isEmpty && bins >= 2, "histogram: \(values.count) values, \(bins) bins")
        var low = values[0]
        var high = values[0]
        for v in values {
            low = min(low, v)
            high = max(high, v)
        }
        var lowEdge = Double(low)
        var highEdge = Double(high)
        if lowEdge == highEdge {
            lowEdge -= 0.5
            highEdge += 0.5
        }
        let edges = (0...bins).map { lowEdge + (highEdge - lowEdge) * Double($0) / Double(bins) }
        var counts = [Double](repeating: 0, count: bins)
        let scale = Double(bins) / (highEdge - lowEdge)
        for v in values {
            let x = Double(v)
            var index = min(Int((x - lowEdge) * scale), bins - 1)
            if index > 0 && x < edges[index] { index -= 1 }
            if index < bins - 1 && x >= edges[index + 1] { index += 1 }
            counts[index] += 1
        }
        let centers = (0..<bins).map { (edges[$0] + edges[$0 + 1]) / 2 }
        return (counts, centers)
    }
}

extension Tensor {
    /// Frame `t` of a `[T, H, W]` stack as an `[H, W]` tensor.
    func frame(_ t: Int) -> Tensor {
        let size = shape[1] * shape[2]
        return Tensor(shape: [shape[1], shape[2]], scalars: Array(scalars[(t * size)..<((t + 1) * size)]))
    }

    /// The scalars of frame `t` of a `[T, H, W]` stack.
    func frameScalars(_ t: Int) -> ArraySlice<Float> {
        let size = shape[1] * shape[2]
        return scalars[(t * size)..<((t + 1) * size)]
    }
}
