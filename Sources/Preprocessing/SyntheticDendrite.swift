public import Tensor
import Glibc

/// Clean, dendrite-like frames for tests and demos: a six-armed star with side branches that grows
/// over time, solid = 1, liquid = 0, smooth edges.
///
/// Frame t of T has primary arms of length `L = 3 + (0.42·size − 3)·t/(T − 1)` px along
/// `θ = θ₀ + k·60°`, half-width 1.8 px at the root tapering to 1.0 px at the tip, a core disc of
/// radius `2.5 + 0.08 L`, and side branches every 6 px from 6 px out, at ±60° to their arm, of
/// length `0.35 (L − position)` and half-width 1.0 → 0.7 px. With `d` the signed distance to that
/// union (negative inside), `φ = ½ (1 − tanh(d / 1 px))`.
public enum SyntheticDendrite {
    /// `[count, size, size]` Float32 frames in [0, 1].
    public static func frames(count: Int = 20, size: Int = 64, orientation: Double = 0) -> Tensor {
        precondition(count >= 1 && size >= 8, "SyntheticDendrite: \(count) frames of \(size)²")
        var scalars: [Float] = []
        scalars.reserveCapacity(count * size * size)
        let centre = Double(size - 1) / 2
        for t in 0..<count {
            let progress = count == 1 ? 1 : Double(t) / Double(count - 1)
            let length = 3 + (0.42 * Double(size) - 3) * progress
            var segments: [(x0: Double, y0: Double, x1: Double, y1: Double, r0: Double, r1: Double)] = []
            for k in 0..<6 {
                let angle = orientation + Double(k) * Double.pi / 3
                let (dx, dy) = (cos(angle), sin(angle))
                segments.append((centre, centre, centre + length * dx, centre + length * dy, 1.8, 1.0))
                var position = 6.0
                while position < length - 2 {
                    let branch = 0.35 * (length - position)
                    let (bx, by) = (centre + position * dx, centre + position * dy)
                    for side in [-1.0, 1.0] {
                        let branchAngle = angle + side * Double.pi / 3
                        segments.append((bx, by, bx + branch * cos(branchAngle), by + branch * sin(branchAngle), 1.0, 0.7))
                    }
                    position += 6
                }
            }
            let core = 2.5 + 0.08 * length
            for r in 0..<size {
                for c in 0..<size {
                    let (x, y) = (Double(c), Double(r))
                    var distance = ((x - centre) * (x - centre) + (y - centre) * (y - centre)).squareRoot() - core
                    for s in segments {
                        let (ex, ey) = (s.x1 - s.x0, s.y1 - s.y0)
                        let lengthSquared = ex * ex + ey * ey
                        let u = lengthSquared > 0 ? min(max(((x - s.x0) * ex + (y - s.y0) * ey) / lengthSquared, 0), 1) : 0
                        let (px, py) = (s.x0 + u * ex - x, s.y0 + u * ey - y)
                        distance = min(distance, (px * px + py * py).squareRoot() - (s.r0 + u * (s.r1 - s.r0)))
                    }
                    scalars.append(Float(0.5 * (1 - tanh(distance / 1.0))))
                }
            }
        }
        return Tensor(shape: [count, size, size], scalars: scalars)
    }
}
