import Glibc

/// Parameters of the analytic damped plane wave (Yang et al. 2021, Equation 1).
///
/// ```
/// c(x, y, t) = ½ sin(kx·x + ky·y + ω t + θ₀) · exp(−b t) + ½
/// ```
/// sampled at `x = j/N`, `y = i/N` (column j, row i) on the unit square and `t = f·dt` for frame
/// f. Defaults are the middle of the paper's random ranges (wavelength 0.45, period 0.045,
/// decay period 3.75) with the wave along +x.
public struct PlaneWaveParameters: Codable, Sendable, Equatable {
    /// Wavelength `2π/|k|` in units of the box side (paper range [0.3, 0.6]).
    public var wavelength: Double = 0.45
    /// Direction of `k` in radians from +x towards +y (rows), [0, 2π).
    public var direction: Double = 0
    /// Oscillation period `2π/ω` (paper range [0.03, 0.06]).
    public var period: Double = 0.045
    /// Decay period `2π/b` (paper range [1.5, 6]).
    public var decayPeriod: Double = 3.75
    /// Phase offset θ₀ in radians, [0, 2π).
    public var phase: Double = 0
    /// Grid side N (samples per unit length).
    public var gridSize: Int = 64
    /// Number of frames T; frame 0 is t = 0.
    public var frameCount: Int = 200
    /// Time between frames dt.
    public var frameInterval: Double = 0.005

    public init() {}

    /// Decodes from JSON in which any key may be missing; missing keys keep the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        wavelength = try container.decodeIfPresent(Double.self, forKey: .wavelength) ?? defaults.wavelength
        direction = try container.decodeIfPresent(Double.self, forKey: .direction) ?? defaults.direction
        period = try container.decodeIfPresent(Double.self, forKey: .period) ?? defaults.period
        decayPeriod = try container.decodeIfPresent(Double.self, forKey: .decayPeriod) ?? defaults.decayPeriod
        phase = try container.decodeIfPresent(Double.self, forKey: .phase) ?? defaults.phase
        gridSize = try container.decodeIfPresent(Int.self, forKey: .gridSize) ?? defaults.gridSize
        frameCount = try container.decodeIfPresent(Int.self, forKey: .frameCount) ?? defaults.frameCount
        frameInterval = try container.decodeIfPresent(Double.self, forKey: .frameInterval) ?? defaults.frameInterval
    }

    public init(wavelength: Double, direction: Double, period: Double, decayPeriod: Double, phase: Double) {
        self.wavelength = wavelength
        self.direction = direction
        self.period = period
        self.decayPeriod = decayPeriod
        self.phase = phase
    }

    /// Wave vector `(kx, ky) = 2π/λ · (cos α, sin α)`.
    public var waveVector: (x: Double, y: Double) {
        let magnitude = 2 * Double.pi / wavelength
        return (magnitude * cos(direction), magnitude * sin(direction))
    }

    /// Angular frequency `ω = 2π/period`.
    public var angularFrequency: Double { 2 * Double.pi / period }

    /// Decay rate `b = 2π/decayPeriod`.
    public var decayRate: Double { 2 * Double.pi / decayPeriod }

    /// The paper's random draws: `2π/|k| ~ U[0.3, 0.6]`, direction `~ U[0, 2π)`,
    /// `2π/ω ~ U[0.03, 0.06]`, `2π/b ~ U[1.5, 6]`, `θ₀ ~ U[0, 2π)`.
    public static func sample(using generator: inout some RandomNumberGenerator) -> PlaneWaveParameters {
        PlaneWaveParameters(
            wavelength: Double.random(in: 0.3...0.6, using: &generator),
            direction: Double.random(in: 0..<(2 * Double.pi), using: &generator),
            period: Double.random(in: 0.03...0.06, using: &generator),
            decayPeriod: Double.random(in: 1.5...6, using: &generator),
            phase: Double.random(in: 0..<(2 * Double.pi), using: &generator))
    }

    /// Throws `SimulationError.invalidParameter` for a value outside its documented range.
    public func validate() throws {
        let model = PhenomenonKind.planeWave
        try requireParameter(wavelength, in: 0.01...100, name: "wavelength", model: model)
        try requireParameter(direction, in: -4 * Double.pi...4 * Double.pi, name: "direction", model: model)
        try requireParameter(period, in: 1e-4...1e4, name: "period", model: model)
        try requireParameter(decayPeriod, in: 1e-3...1e9, name: "decayPeriod", model: model)
        try requireParameter(phase, in: -4 * Double.pi...4 * Double.pi, name: "phase", model: model)
        try requireParameter(gridSize, in: 1...4096, name: "gridSize", model: model)
        try requireParameter(frameCount, in: 1...100_000, name: "frameCount", model: model)
        try requireParameter(frameInterval, in: 0...1e4, name: "frameInterval", model: model)
    }
}
