/// The solid seed a dendrite grows from: `phi = 1` inside the shape, `0` outside.
///
/// Lengths are in the model's physical units (the grid spacing is 0.03), measured from the
/// centre of the box; `+x` is along columns, `+y` along rows.
public struct DendriteNucleus: Codable, Sendable, Equatable {
    /// The outline of the seed.
    public enum Shape: String, Codable, Sendable, CaseIterable {
        /// `x² + y² ≤ r²` with `r = radiusX` (`radiusY` is ignored).
        case circle
        /// `|x| ≤ radiusX` and `|y| ≤ radiusY` (half-widths).
        case rectangle
        /// `(x/radiusX)² + (y/radiusY)² ≤ 1`.
        case ellipse
    }

    public var shape: Shape
    /// Radius (circle), half-width (rectangle) or semi-axis (ellipse) along x.
    public var radiusX: Double
    /// Half-height (rectangle) or semi-axis (ellipse) along y.
    public var radiusY: Double
    /// Offset of the seed's centre from the box centre along x (columns).
    public var offsetX: Double
    /// Offset of the seed's centre from the box centre along y (rows).
    public var offsetY: Double

    public init(shape: Shape, radiusX: Double, radiusY: Double, offsetX: Double = 0, offsetY: Double = 0) {
        self.shape = shape
        self.radiusX = radiusX
        self.radiusY = radiusY
        self.offsetX = offsetX
        self.offsetY = offsetY
    }

    /// The reference seed: a disc of radius 0.15 (5 cells at dx = 0.03) in the centre.
    /// Decodes from JSON in which any key may be missing; missing keys keep the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self.standard
        shape = try container.decodeIfPresent(Shape.self, forKey: .shape) ?? defaults.shape
        radiusX = try container.decodeIfPresent(Double.self, forKey: .radiusX) ?? defaults.radiusX
        radiusY = try container.decodeIfPresent(Double.self, forKey: .radiusY) ?? defaults.radiusY
        offsetX = try container.decodeIfPresent(Double.self, forKey: .offsetX) ?? defaults.offsetX
        offsetY = try container.decodeIfPresent(Double.self, forKey: .offsetY) ?? defaults.offsetY
    }

    public static let standard = DendriteNucleus(shape: .circle, radiusX: 0.15, radiusY: 0.15)

    /// A random seed as used for training sequences.
    ///
    /// Shape uniform over circle, rectangle and ellipse; each radius `U[0.09, 0.24]` (3–8 cells at
    /// dx = 0.03; a circle uses `radiusX` only); centre offset `U[-0.3, 0.3]` per axis (±10 cells).
    /// The paper states that shape, size and position are random without giving ranges; these
    /// ranges keep the seed resolvable on the grid and well inside the 7.68-wide box.
    public static func random(using generator: inout some RandomNumberGenerator) -> DendriteNucleus {
        let shape = Shape.allCases[Int.random(in: 0..<Shape.allCases.count, using: &generator)]
        let radiusX = Double.random(in: 0.09...0.24, using: &generator)
        let radiusY = shape == .circle ? radiusX : Double.random(in: 0.09...0.24, using: &generator)
        return DendriteNucleus(
            shape: shape, radiusX: radiusX, radiusY: radiusY,
            offsetX: Double.random(in: -0.3...0.3, using: &generator),
            offsetY: Double.random(in: -0.3...0.3, using: &generator))
    }

    /// Whether the point `(x, y)` (relative to the box centre) is inside the seed.
    func contains(x: Double, y: Double) -> Bool {
        let dx = x - offsetX, dy = y - offsetY
        switch shape {
        case .circle: return dx * dx + dy * dy <= radiusX * radiusX
        case .rectangle: return abs(dx) <= radiusX && abs(dy) <= radiusY
        case .ellipse: return (dx / radiusX) * (dx / radiusX) + (dy / radiusY) * (dy / radiusY) <= 1
        }
    }
}
