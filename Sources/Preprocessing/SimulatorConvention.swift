public import Tensor
import Glibc

/// Conversion of an intensity stack to the simulators' convention: solid = 1, liquid = 0, Float32
/// values in [0, 1]. Nothing is silent: the window, the polarity decision and the clipped
/// fractions are returned as notes for the step log.
public enum SimulatorConvention {
    /// Maps `range` linearly onto [0, 1], applies `polarity`, clamps to [0, 1].
    ///
    /// Auto polarity: with t the stack's Otsu threshold, if more than half of the border pixels
    /// (all frames) are above t, bright is liquid and the output is inverted. This assumes the
    /// crystal does not cover most of the border — true for nucleation and growth; pass
    /// `keep`/`invert` otherwise.
    public static func convert(_ stack: Tensor, polarity: Polarity, range: IntensityRange) -> (frames: Tensor, notes: [String: String]) {
        let (frames, height, width) = FrameMap.geometry(stack, "convert")
        var notes: [String: String] = [:]
        var low: Double
        var high: Double
        var threshold: Double?
        switch range {
        case .otsuClasses:
            let t = Thresholding.otsu(stack)
            threshold = t
            (low, high) = pureLevels(stack.scalars, threshold: t)
            notes["range"] = "Otsu threshold \(format(t)); pure levels \(format(low)) → 0, \(format(high)) → 1"
        case let .percentiles(pLow, pHigh):
            let p = Statistics.percentiles(stack.scalars, [pLow, pHigh])
            (low, high) = (p[0], p[1])
            notes["range"] = "percentiles \(format(pLow)) / \(format(pHigh)): \(format(low)) → 0, \(format(high)) → 1"
        case let .fixed(fixedLow, fixedHigh):
            (low, high) = (fixedLow, fixedHigh)
            notes["range"] = "fixed: \(format(low)) → 0, \(format(high)) → 1"
        case .unit:
            (low, high) = (0, 1)
            notes["range"] = "unit: values taken as already in [0, 1]"
        }
        if high == low { high = low + 1 }
        var invert = polarity == .invert
        if polarity == .auto {
            let t = threshold ?? Thresholding.otsu(stack)
            var bright = 0
            var total = 0
            stack.withUnsafeBufferPointer { x in
                for f in 0..<frames {
                    for r in 0..<height {
                        for c in 0..<width where r == 0 || c == 0 || r == height - 1 || c == width - 1 {
                            if Double(x[(f * height + r) * width + c]) > t { bright += 1 }
                            total += 1
                        }
                    }
                }
            }
            let brightShare = Double(bright) / Double(max(total, 1))
            invert = brightShare > 0.5
            notes["polarity"] = invert
                ? "auto → invert: \(format(100 * brightShare)) % of border pixels are brighter than \(format(t)), so bright = liquid"
                : "auto → keep: \(format(100 * (1 - brightShare))) % of border pixels are darker than \(format(t)), so bright = solid"
        } else {
            notes["polarity"] = invert ? "invert (dark = solid)" : "keep (bright = solid)"
        }
        let scale = Float(1 / (high - low))
        let offset = Float(-low / (high - low))
        var below = 0
        var above = 0
        var out = stack
        out.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count {
                var v = x[i] * scale + offset
                if invert { v = 1 - v }
                if v < 0 {
                    below += 1
                    v = 0
                } else if v > 1 {
                    above += 1
                    v = 1
                }
                x[i] = v
            }
        }
        let count = Double(max(stack.count, 1))
        notes["clipped"] = "\(format(100 * Double(below) / count)) % below 0, \(format(100 * Double(above) / count)) % above 1"
        notes["dtype"] = "Float32 in [0, 1], solid = 1"
        return (out, notes)
    }

    /// The pure-phase intensities of the two classes split at `threshold` (values `≤ t`, `> t`).
    ///
    /// The majority class (the matrix, usually liquid) takes its histogram peak: 256 bins over
    /// the 0.1–99.9 percentile range smoothed with a 5-bin box, refined to the mean of the values
    /// within ±2 bins. The minority class (thin arms: mostly partial pixels, few pure ones) takes
    /// its 2nd percentile counted from the far end (away from the threshold), which lies in the
    /// pure core once the noise has been reduced.
    static func pureLevels(_ values: [Float], threshold: Double) -> (Double, Double) {
        let t = Float(threshold)
        let lower = values.filter { $0 <= t }
        let upper = values.filter { $0 > t }
        guard !lower.isEmpty, !upper.isEmpty else { return classMedians(values, threshold: threshold) }
        let majority = lower.count >= upper.count ? lower : upper
        let p = Statistics.percentiles(majority, [0.1, 99.9])
        let (lowEdge, highEdge) = (p[0], max(p[1], p[0] + 1e-12))
        let bins = 256
        let width = (highEdge - lowEdge) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in majority {
            let index = Int((Double(v) - lowEdge) / width)
            if index >= 0 && index < bins { counts[index] += 1 }
        }
        let smooth = (0..<bins).map { i in (max(i - 2, 0)...min(i + 2, bins - 1)).reduce(0.0) { $0 + counts[$1] } }
        let best = (0..<bins).max { smooth[$0] < smooth[$1] } ?? 0
        let (from, to) = (lowEdge + Double(best - 2) * width, lowEdge + Double(best + 3) * width)
        let near = majority.filter { Double($0) >= from && Double($0) < to }
        let majorityLevel = near.isEmpty ? Statistics.median(majority) : near.reduce(0.0) { $0 + Double($1) } / Double(near.count)
        if lower.count >= upper.count {
            return (majorityLevel, Statistics.percentiles(upper, [98])[0])
        }
        return (Statistics.percentiles(lower, [2])[0], majorityLevel)
    }

    /// Medians of the values `≤ threshold` and `> threshold`.
    static func classMedians(_ values: [Float], threshold: Double) -> (Double, Double) {
        let t = Float(threshold)
        let lower = values.filter { $0 <= t }
        let upper = values.filter { $0 > t }
        let low = lower.isEmpty ? threshold : Statistics.median(lower)
        let high = upper.isEmpty ? threshold : Statistics.median(upper)
        return (low, high)
    }

    /// Four significant digits.
    static func format(_ value: Double) -> String {
        if value == 0 || !value.isFinite { return "\(value)" }
        let magnitude = Int(log10(abs(value)).rounded(.down))
        let factor = pow(10, Double(3 - magnitude))
        let rounded = (value * factor).rounded() / factor
        return CanonicalJSON.number(rounded)
    }
}

