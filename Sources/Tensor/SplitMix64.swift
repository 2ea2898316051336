import Glibc

/// SplitMix64 (Steele, Lea & Flood 2014): a fast, seedable 64-bit generator.
///
/// ```
/// state += 0x9E3779B97F4A7C15
/// z = state; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB; return z ^ (z >> 31)
/// ```
/// Every random draw in Operando goes through this generator (or one seeded from it), so a run
/// with the same seed reproduces bit for bit on any machine.
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    /// The full generator state; saving it and restoring it resumes the exact sequence.
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) from the top 24 bits.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A standard normal Float (Box–Muller, one of the pair).
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0), 1e-300)
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// A child seed for item `index` of a sweep: distinct, stable streams from one master seed.
    public static func derivedSeed(master: UInt64, index: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: master ^ (index &* 0xD1B5_4A32_D192_ED03))
        return generator.next()
    }
}
