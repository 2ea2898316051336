public import Tensor

/// Iso-lines of a 2-D field by marching squares, and the interface curvature built on them
/// (PHASEFIELD.md §4).
public enum Contours {
    /// A point of a contour in pixel coordinates (row, column), between pixel centres.
    public struct Point: Sendable, Equatable {
        public var row: Double
        public var column: Double
    }

    /// One iso-line: its points in order, and whether it closes on itself (the first point is
    /// not repeated at the end).
    public struct Line: Sendable, Equatable {
        public var points: [Point]
        public var isClosed: Bool
    }

    /// The `level` iso-lines of an `[H, W]` field by marching squares with linear interpolation
    /// along cell edges. A pixel is "high" if its value is `> level`; in saddle cells the high
    /// corners are kept apart (low values connect), as scikit-image's
    /// `find_contours(fully_connected="low")`. Lines are oriented with the high side on the
    /// same hand throughout, so a curvature sign is meaningful.
    public static func isolines(_ field: Tensor, level: Double = 0.5) -> [Line] {
        precondition(field.rank == 2 && field.shape[0] >= 2 && field.shape[1] >= 2, "isolines: expected [H, W] ≥ 2×2, got \(field.shape)")
        let (height, width) = (field.shape[0], field.shape[1])
        let v = field.scalars.map(Double.init)
        let high = v.map { $0 > level }
        // Edge ids: horizontal edge (r, c)–(r, c+1) is r·W + c; vertical edge (r, c)–(r+1, c) is
        // H·W + r·W + c.
        func crossing(_ edge: Int) -> Point {
            if edge < height * width {
                let (r, c) = (edge / width, edge % width)
                let t = (level - v[edge]) / (v[edge + 1] - v[edge])
                return Point(row: Double(r), column: Double(c) + t)
            }
            let e = edge - height * width
            let (r, c) = (e / width, e % width)
            let t = (level - v[e]) / (v[e + width] - v[e])
            return Point(row: Double(r) + t, column: Double(c))
        }
        var next: [Int: Int] = [:]  // segment start edge → end edge
        var hasIncoming = Set<Int>()
        for r in 0..<(height - 1) {
            for c in 0..<(width - 1) {
                let (a, b, d, e) = (r * width + c, r * width + c + 1, (r + 1) * width + c, (r + 1) * width + c + 1)
                let top = a
                let bottom = d
                let left = height * width + a
                let right = height * width + b
                let code = (high[a] ? 1 : 0) | (high[b] ? 2 : 0) | (high[e] ? 4 : 0) | (high[d] ? 8 : 0)
                // Corner bits: a (top-left) = 1, b (top-right) = 2, e (bottom-right) = 4,
                // d (bottom-left) = 8. Every segment keeps the high corners on the same hand.
                let segments: [(Int, Int)]
                switch code {
                case 0, 15: segments = []
                case 1: segments = [(left, top)]
                case 2: segments = [(top, right)]
                case 3: segments = [(left, right)]
                case 4: segments = [(right, bottom)]
                case 5: segments = [(left, top), (right, bottom)]  // saddle: keep high corners apart
                case 6: segments = [(top, bottom)]
                case 7: segments = [(left, bottom)]
                case 8: segments = [(bottom, left)]
                case 9: segments = [(bottom, top)]
                case 10: segments = [(top, right), (bottom, left)]  // saddle
                case 11: segments = [(bottom, right)]
                case 12: segments = [(right, left)]
                case 13: segments = [(right, top)]
                default: segments = [(top, left)]  // 14
                }
                for (from, to) in segments {
                    next[from] = to
                    hasIncoming.insert(to)
                }
            }
        }
        var lines: [Line] = []
        var visited = Set<Int>()
        func walk(from start: Int) -> Line {
            var points = [crossing(start)]
            visited.insert(start)
            var current = start
            while let following = next[current] {
                if following == start { return Line(points: points, isClosed: true) }
                guard !visited.contains(following) else { break }
                visited.insert(following)
                points.append(crossing(following))
                current = following
            }
            return Line(points: points, isClosed: false)
        }
        for start in next.keys.sorted() where !hasIncoming.contains(start) { lines.append(walk(from: start)) }
        for start in next.keys.sorted() where !visited.contains(start) { lines.append(walk(from: start)) }
        return lines
    }

    /// Signed Menger curvature at every contour point i from points i − 2, i, i + 2 (closed lines
    /// wrap around; open lines skip their two end points on each side):
    /// `κ = 4 · area(p₋₂, p, p₊₂) / (|p − p₋₂| |p₊₂ − p| |p₊₂ − p₋₂|)`, positive where the
    /// high side (φ > level) is convex, so a disc of radius R gives +1/R, its complement −1/R.
    public static func interfaceCurvatures(_ field: Tensor, level: Double = 0.5) -> [Double] {
        var values: [Double] = []
        for line in isolines(field, level: level) {
            let p = line.points
            let n = p.count
            guard n >= 5 else { continue }
            let indices = line.isClosed ? Array(0..<n) : Array(2..<(n - 2))
            for i in indices {
                let a = p[(i - 2 + n) % n]
                let b = p[i]
                let c = p[(i + 2) % n]
                let (abx, aby) = (b.column - a.column, b.row - a.row)
                let (bcx, bcy) = (c.column - b.column, c.row - b.row)
                let (acx, acy) = (c.column - a.column, c.row - a.row)
                let lengths = (abx * abx + aby * aby).squareRoot() * (bcx * bcx + bcy * bcy).squareRoot()
                    * (acx * acx + acy * acy).squareRoot()
                guard lengths > 0 else { continue }
                // Segments run with the high side on one fixed hand, so the turn direction tells
                // whether the high side is convex; the sign makes a high disc positive.
                values.append(-2 * (abx * bcy - aby * bcx) / lengths)
            }
        }
        return values
    }

    /// The 20-bin interface-curvature distribution on [−0.5, 0.5] (values clipped into the end
    /// bins, normalised to sum 1; all zeros if there is no interface).
    public static func curvatureDistribution(_ field: Tensor, level: Double = 0.5) -> [Double] {
        ImageMetrics.histogram20(interfaceCurvatures(field, level: level), low: -0.5, high: 0.5)
    }
}
