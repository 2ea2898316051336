public import Tensor

/// Threshold segmentation of a `[T, H, W]` stack, thresholds computed over the whole stack so
/// every frame is cut at the same intensity.
public enum Segmenter {
    /// Segments with `segmentation`; returns the mask (0/1) or soft field and log notes.
    public static func segment(_ stack: Tensor, _ segmentation: Segmentation) -> (frames: Tensor, notes: [String: String]) {
        let (frames, height, width) = FrameMap.geometry(stack, "segment")
        var notes: [String: String] = [:]
        let threshold: Double
        switch segmentation.method {
        case .otsu:
            threshold = Thresholding.otsu(stack)
            notes["threshold"] = "Otsu: \(SimulatorConvention.format(threshold))"
        case let .multiOtsu(classes):
            let thresholds = Thresholding.multiOtsu(stack, classes: classes)
            threshold = thresholds[thresholds.count - 1]
            notes["threshold"] = "multi-Otsu (\(classes) classes): "
                + thresholds.map(SimulatorConvention.format).joined(separator: ", ") + "; solid above the highest"
        case let .fixed(value):
            threshold = value
            notes["threshold"] = "fixed: \(SimulatorConvention.format(value))"
        }
        let t = Float(threshold)
        if segmentation.output == .soft {
            let (low, high) = SimulatorConvention.classMedians(stack.scalars, threshold: threshold)
            let span = Float(max(high - low, 1e-12))
            notes["soft"] = "clamp((x − \(SimulatorConvention.format(low))) / \(SimulatorConvention.format(Double(span))), 0, 1)"
            let scalars = stack.scalars.map { min(max(($0 - Float(low)) / span, 0), 1) }
            return (Tensor(shape: stack.shape, scalars: scalars), notes)
        }
        let size = height * width
        let masks = FrameMap.collect(frames) { f -> [Float] in
            var mask = stack.withUnsafeBufferPointer { x in (0..<size).map { x[f * size + $0] > t } }
            if segmentation.openingRadius > 0 {
                mask = Morphology.open(mask, height: height, width: width, radius: segmentation.openingRadius)
            }
            if segmentation.closingRadius > 0 {
                mask = Morphology.close(mask, height: height, width: width, radius: segmentation.closingRadius)
            }
            if segmentation.minimumSize > 0 {
                mask = Morphology.removeSmallObjects(mask, height: height, width: width, minimumSize: segmentation.minimumSize)
            }
            return mask.map { $0 ? 1 : 0 }
        }
        let scalars = masks.flatMap { $0 }
        let fraction = scalars.reduce(0, +) / Float(max(scalars.count, 1))
        notes["foreground"] = "\(SimulatorConvention.format(Double(100 * fraction))) % of pixels"
        return (Tensor(shape: stack.shape, scalars: scalars), notes)
    }
}
