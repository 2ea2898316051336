/// Shape descriptors of a binary region on the pixel grid, defined as scikit-image's
/// `measure.regionprops` defines them (PHASEFIELD.md §4).
public enum ShapeMetrics {
    /// The convex hull image: pixels whose centres lie inside or on the convex hull of the
    /// region's pixel-edge midpoints (each pixel centre ± ½ along each axis), as
    /// `morphology.convex_hull_image(offset_coordinates=True, include_borders=True)`.
    public static func convexHull(_ mask: [Bool], height: Int, width: Int) -> [Bool] {
        var points: [(Double, Double)] = []
        for r in 0..<height {
            for c in 0..<width where mask[r * width + c] {
                let (y, x) = (Double(r), Double(c))
                points += [(y - 0.5, x), (y + 0.5, x), (y, x - 0.5), (y, x + 0.5)]
            }
        }
        var out = [Bool](repeating: false, count: mask.count)
        let hull = convexPolygon(points)
        guard hull.count >= 3 else { return mask }
        let rows = hull.map(\.0)
        let cols = hull.map(\.1)
        let r0 = max(Int((rows.min() ?? 0).rounded(.down)), 0)
        let r1 = min(Int((rows.max() ?? 0).rounded(.up)), height - 1)
        let c0 = max(Int((cols.min() ?? 0).rounded(.down)), 0)
        let c1 = min(Int((cols.max() ?? 0).rounded(.up)), width - 1)
        guard r0 <= r1, c0 <= c1 else { return out }
        for r in r0...r1 {
            for c in c0...c1 {
                let (y, x) = (Double(r), Double(c))
                var inside = true
                for k in 0..<hull.count {
                    let a = hull[k]
                    let b = hull[(k + 1) % hull.count]
                    // Counter-clockwise polygon: a point inside or on the boundary has cross ≥ 0.
                    if (b.0 - a.0) * (x - a.1) - (b.1 - a.1) * (y - a.0) < -1e-9 {
                        inside = false
                        break
                    }
                }
                out[r * width + c] = inside
            }
        }
        return out
    }

    /// Convex hull (Andrew's monotone chain) of (row, col) points, collinear points dropped.
    static func convexPolygon(_ input: [(Double, Double)]) -> [(Double, Double)] {
        let points = input.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        guard points.count >= 3 else { return points }
        func cross(_ o: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
            (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
        }
        var lower: [(Double, Double)] = []
        for p in points {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        var upper: [(Double, Double)] = []
        for p in points.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        // Every turn has a positive cross product, which is what the inside test of `convexHull` expects.
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// Perimeter as `measure.perimeter(neighborhood=4)`: border pixels (in the region but not in
    /// its erosion by the 4-cross, outside = background) are classified by their 8-neighbourhood
    /// code `Σ w·b` with weights `[[10, 2, 10], [2, 1, 2], [10, 2, 10]]`; codes 5, 7, 15, 17, 25, 27
    /// count 1, codes 21, 33 count √2 and codes 13, 23 count (1 + √2)/2.
    public static func perimeter(_ mask: [Bool], height: Int, width: Int) -> Double {
        func at(_ r: Int, _ c: Int) -> Bool { r >= 0 && r < height && c >= 0 && c < width && mask[r * width + c] }
        var border = [Bool](repeating: false, count: mask.count)
        for r in 0..<height {
            for c in 0..<width where mask[r * width + c] {
                border[r * width + c] = !(at(r - 1, c) && at(r + 1, c) && at(r, c - 1) && at(r, c + 1))
            }
        }
        func isBorder(_ r: Int, _ c: Int) -> Int {
            r >= 0 && r < height && c >= 0 && c < width && border[r * width + c] ? 1 : 0
        }
        let root2 = 2.0.squareRoot()
        var total = 0.0
        for r in 0..<height {
            for c in 0..<width {
                let code = isBorder(r, c)
                    + 2 * (isBorder(r - 1, c) + isBorder(r + 1, c) + isBorder(r, c - 1) + isBorder(r, c + 1))
                    + 10 * (isBorder(r - 1, c - 1) + isBorder(r - 1, c + 1) + isBorder(r + 1, c - 1) + isBorder(r + 1, c + 1))
                switch code {
                case 5, 7, 15, 17, 25, 27: total += 1
                case 21, 33: total += root2
                case 13, 23: total += (1 + root2) / 2
                default: break
                }
            }
        }
        return total
    }

    /// Maximum Feret diameter as `regionprops.feret_diameter_max`: the largest distance between
    /// two points of the 0.5-level contour of the convex hull image, i.e. between midpoints of
    /// pixel pairs (4-neighbours) with one pixel inside the hull and one outside.
    public static func feretDiameter(_ mask: [Bool], height: Int, width: Int) -> Double {
        let hull = convexHull(mask, height: height, width: width)
        func inside(_ r: Int, _ c: Int) -> Bool { r >= 0 && r < height && c >= 0 && c < width && hull[r * width + c] }
        var points: [(Double, Double)] = []
        for r in 0..<height {
            for c in 0..<width where hull[r * width + c] {
                for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1)] where !inside(r + dr, c + dc) {
                    points.append((Double(r) + 0.5 * Double(dr), Double(c) + 0.5 * Double(dc)))
                }
            }
        }
        let candidates = points.count > 3 ? convexPolygon(points) : points
        var best = 0.0
        for i in 0..<candidates.count {
            for j in (i + 1)..<max(candidates.count, i + 1) {
                let dy = candidates[i].0 - candidates[j].0
                let dx = candidates[i].1 - candidates[j].1
                best = max(best, dy * dy + dx * dx)
            }
        }
        return best.squareRoot()
    }

    /// Solidity: region area / convex hull area (pixel counts).
    public static func solidity(_ mask: [Bool], height: Int, width: Int) -> Double {
        let area = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let hullArea = convexHull(mask, height: height, width: width).reduce(0) { $0 + ($1 ? 1 : 0) }
        return hullArea > 0 ? Double(area) / Double(hullArea) : 0
    }

    /// Convexity: perimeter of the convex hull image / perimeter of the region (both by
    /// `perimeter`); 1 for a convex region, smaller for arms and notches.
    public static func convexity(_ mask: [Bool], height: Int, width: Int) -> Double {
        let own = perimeter(mask, height: height, width: width)
        guard own > 0 else { return 0 }
        return perimeter(convexHull(mask, height: height, width: width), height: height, width: width) / own
    }
}
