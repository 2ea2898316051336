public import Tensor

/// Morphological observables of one frame of a phase field (solid = 1), PHASEFIELD.md §4.
public struct FrameObservables: Sendable, Equatable, Codable {
    /// Fraction of pixels with φ > 0.5.
    public var phaseFraction: Double
    /// Number of 4-connected components of the minority phase (φ > 0.5 or φ ≤ 0.5, whichever
    /// has fewer pixels): particles, or grains/droplets.
    public var particleCount: Int
    /// Mean equivalent radius `sqrt(A/π)` of those components, px (0 if none).
    public var meanRadius: Double
    /// Maximum Feret diameter of the largest 8-connected region of φ > 0.5, px (0 if none).
    public var feretDiameter: Double
    /// Convex-hull perimeter / perimeter of that region (0 if none).
    public var convexity: Double
    /// Area / convex-hull area of that region (0 if none).
    public var solidity: Double
}

/// Per-frame observables of a `[T, H, W]` phase-field stack as time series.
public enum Observables {
    /// Observables of every frame, frames in parallel.
    public static func measure(_ stack: Tensor) -> [FrameObservables] {
        let (frames, height, width) = FrameMap.geometry(stack, "Observables")
        return FrameMap.collect(frames) { t in
            let scalars = stack.rank == 2 ? stack.scalars[...] : stack.frameScalars(t)
            return measureFrame(scalars.map { $0 > 0.5 }, height: height, width: width)
        }
    }

    /// Observables of one binary frame (true = solid).
    public static func measureFrame(_ solid: [Bool], height: Int, width: Int) -> FrameObservables {
        let solidCount = solid.reduce(0) { $0 + ($1 ? 1 : 0) }
        let minority = solidCount * 2 <= solid.count ? solid : solid.map { !$0 }
        let particles = ConnectedComponents(mask: minority, height: height, width: width, connectivity: .four)
        let radii = particles.areas.map { (Double($0) / Double.pi).squareRoot() }
        var observables = FrameObservables(
            phaseFraction: Double(solidCount) / Double(max(solid.count, 1)), particleCount: particles.count,
            meanRadius: radii.isEmpty ? 0 : radii.reduce(0, +) / Double(radii.count),
            feretDiameter: 0, convexity: 0, solidity: 0)
        let regions = ConnectedComponents(mask: solid, height: height, width: width, connectivity: .eight)
        if let largest = regions.areas.indices.max(by: { regions.areas[$0] < regions.areas[$1] }) {
            let region = regions.mask(of: largest + 1)
            observables.feretDiameter = ShapeMetrics.feretDiameter(region, height: height, width: width)
            observables.convexity = ShapeMetrics.convexity(region, height: height, width: width)
            observables.solidity = ShapeMetrics.solidity(region, height: height, width: width)
        }
        return observables
    }
}
