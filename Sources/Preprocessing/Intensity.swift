public import Tensor

/// Temporal intensity corrections on `[T, H, W]` stacks: per-frame normalisation, drift
/// correction by percentile matching, flat-field correction.
public enum Intensity {
    /// Per-frame normalisation: `(x − P_low) / (P_high − P_low)` with the frame's percentiles.
    /// A frame with `P_high = P_low` is left unchanged. Returns the mapped `(P_low, P_high)` per frame.
    public static func normalize(_ stack: Tensor, low: Double, high: Double) -> (frames: Tensor, levels: [(Double, Double)]) {
        let (frames, _, _) = FrameMap.geometry(stack, "normalize")
        let levels = FrameMap.collect(frames) { t in
            let p = Statistics.percentiles(Array(stack.rank == 2 ? stack.scalars[...] : stack.frameScalars(t)), [low, high])
            return [p[0], p[1]]
        }
        let maps = levels.map { p in p[1] > p[0] ? (scale: 1 / (p[1] - p[0]), offset: -p[0] / (p[1] - p[0])) : (scale: 1, offset: 0) }
        return (affine(stack, maps), levels.map { ($0[0], $0[1]) })
    }

    /// Drift correction: every frame is mapped so that its percentiles match frame `reference`'s.
    /// `gain`: `x · P_ref(p) / P_t(p)`; `linear`: the affine map sending `P_t(low), P_t(high)` to
    /// `P_ref(low), P_ref(high)`; `backgroundGain`: the liquid level followed from the reference
    /// frame's border (see `DriftMethod`). Returns the `(scale, offset)` applied to each frame.
    public static func correctDrift(_ stack: Tensor, reference: Int, method: DriftMethod) -> (frames: Tensor, maps: [(scale: Double, offset: Double)]) {
        let (frames, height, width) = FrameMap.geometry(stack, "drift")
        precondition(reference >= 0 && reference < frames, "drift: reference \(reference) of \(frames) frames")
        let levels: [[Double]]
        switch method {
        case let .gain(p): levels = percentileLevels(stack, frames: frames, [p])
        case let .linear(low, high): levels = percentileLevels(stack, frames: frames, [low, high])
        case let .backgroundGain(band, window):
            levels = backgroundLevels(stack, geometry: (frames, height, width), reference: reference, band: band, window: window).map { [$0] }
        }
        let target = levels[reference]
        let maps = levels.map { level -> (scale: Double, offset: Double) in
            switch method {
            case .gain, .backgroundGain:
                return level[0] != 0 ? (target[0] / level[0], 0) : (1, 0)
            case .linear:
                guard level[1] != level[0] else { return (1, 0) }
                let scale = (target[1] - target[0]) / (level[1] - level[0])
                return (scale, target[0] - scale * level[0])
            }
        }
        return (affine(stack, maps), maps)
    }

    /// Percentiles `ps` of every frame.
    static func percentileLevels(_ stack: Tensor, frames: Int, _ ps: [Double]) -> [[Double]] {
        FrameMap.collect(frames) { t in Statistics.percentiles(Array(stack.rank == 2 ? stack.scalars[...] : stack.frameScalars(t)), ps) }
    }

    /// The background level of every frame: the median of the reference frame's border band,
    /// then followed frame by frame (both directions from the reference) as the median of the
    /// pixels near the neighbour's level `b`, refined once. "Near" is `[b(1 − w/3), b(1 + w)]`
    /// when the other phase is darker (the stack-wide Otsu threshold lies below `b`), mirrored
    /// otherwise: the short side keeps the blurred interface pixels out. A frame with fewer than
    /// 2 % of its pixels near `b` (the crystal fills the view) keeps its neighbour's level.
    static func backgroundLevels(_ stack: Tensor, geometry: (frames: Int, height: Int, width: Int), reference: Int, band: Int, window: Double) -> [Double] {
        func frame(_ t: Int) -> ArraySlice<Float> { stack.rank == 2 ? stack.scalars[...] : stack.frameScalars(t) }
        var levels = [Double](repeating: 0, count: geometry.frames)
        var border: [Float] = []
        let pixels = frame(reference)
        for r in 0..<geometry.height {
            let edgeRow = r < band || r >= geometry.height - band
            for c in 0..<geometry.width where edgeRow || c < band || c >= geometry.width - band {
                border.append(pixels[pixels.startIndex + r * geometry.width + c])
            }
        }
        levels[reference] = Statistics.median(border)
        let otherPhaseDarker = Thresholding.otsu(stack) < levels[reference]
        let minimumCount = max(16, geometry.height * geometry.width / 50)
        func follow(_ pixels: ArraySlice<Float>, from level: Double) -> Double {
            var current = level
            for _ in 0..<2 {
                let (below, above) = otherPhaseDarker ? (window / 3, window) : (window, window / 3)
                let (low, high) = (current - below * abs(current), current + above * abs(current))
                let near = pixels.filter { Double($0) >= low && Double($0) <= high }
                guard near.count >= minimumCount else { return current }
                current = Statistics.median(Array(near))
            }
            return current
        }
        for t in stride(from: reference + 1, to: geometry.frames, by: 1) { levels[t] = follow(frame(t), from: levels[t - 1]) }
        for t in stride(from: reference - 1, through: 0, by: -1) { levels[t] = follow(frame(t), from: levels[t + 1]) }
        return levels
    }

    /// Flat-field correction: `x / (F / mean F)` with F the Gaussian-blurred (σ px) per-pixel
    /// temporal median. Returns nil if F is not positive everywhere (e.g. data with negative offsets).
    public static func flatField(_ stack: Tensor, sigma: Double) -> Tensor? {
        let (frames, height, width) = FrameMap.geometry(stack, "flatfield")
        let size = height * width
        var medianFrame = [Float](repeating: 0, count: size)
        stack.withUnsafeBufferPointer { x in
            var column = [Float](repeating: 0, count: frames)
            for i in 0..<size {
                for t in 0..<frames { column[t] = x[t * size + i] }
                medianFrame[i] = Float(Statistics.median(column))
            }
        }
        let flat = Filters.gaussian(Tensor(shape: [height, width], scalars: medianFrame), sigma: sigma)
        guard flat.scalars.allSatisfy({ $0 > 0 }) else { return nil }
        let mean = flat.scalars.reduce(0, +) / Float(size)
        let gain = flat.scalars.map { mean / $0 }
        var out = stack
        out.withUnsafeMutableBufferPointer { x in
            for t in 0..<frames {
                for i in 0..<size { x[t * size + i] *= gain[i] }
            }
        }
        return out
    }

    /// Applies `x · scale_t + offset_t` to each frame t.
    static func affine(_ stack: Tensor, _ maps: [(scale: Double, offset: Double)]) -> Tensor {
        let (frames, height, width) = FrameMap.geometry(stack, "affine")
        precondition(maps.count == frames, "affine: \(maps.count) maps for \(frames) frames")
        let size = height * width
        var out = stack
        out.withUnsafeMutableBufferPointer { x in
            for t in 0..<frames {
                let scale = Float(maps[t].scale)
                let offset = Float(maps[t].offset)
                for i in (t * size)..<((t + 1) * size) { x[i] = x[i] * scale + offset }
            }
        }
        return out
    }
}
