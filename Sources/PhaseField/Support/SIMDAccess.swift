/// 8-lane vector of cells, the unit of every stencil loop (two SSE or one AVX register).
typealias Lanes = SIMD8<Float>

extension UnsafeMutablePointer where Pointee == Float {
    /// Loads 8 consecutive values starting at `self + offset` (no alignment needed).
    @inline(__always)
    func lanes(at offset: Int) -> Lanes {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Lanes.self)
    }

    /// Stores 8 consecutive values starting at `self + offset`.
    @inline(__always)
    func setLanes(_ value: Lanes, at offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: Lanes.self)
    }
}

/// Lane-wise `atan` with the same polynomial as `fastArctangent` (9e-8 absolute).
@inline(__always)
func fastArctangent(_ x: Lanes) -> Lanes {
    let negative = x .< 0
    let magnitude = x.replacing(with: -x, where: negative)
    let inverted = magnitude .> 1
    let t = magnitude.replacing(with: 1 / magnitude, where: inverted)
    let s = t * t
    var p = Lanes(repeating: -0.004_831_168_4)
    p = p * s + 0.024_756_781
    p = p * s - 0.060_219_128
    p = p * s + 0.099_679_236
    p = p * s - 0.140_401_39
    p = p * s + 0.199_736_81
    p = p * s - 0.333_323_03
    p = p * s + 0.999_999_96
    let base = t * p
    let folded = base.replacing(with: Float.pi / 2 - base, where: inverted)
    return folded.replacing(with: -folded, where: negative)
}

/// Sets lanes with `|x| < 1e-15` to zero.
///
/// Diffusive tails decay geometrically away from a front and would reach subnormal Floats, which
/// cost ~100× per operation on x86; values this small carry no information in a Float field of
/// order 1, so the simulators flush them after each update.
@inline(__always)
func flushingTinyValues(_ x: Lanes) -> Lanes {
    x.replacing(with: Lanes.zero, where: (x .< 1e-15) .& (x .> -1e-15))
}

/// Lane-wise natural logarithm of positive normal Floats, relative error ≈ 1e-7.
///
/// `x = m·2ᵉ` with `m ∈ [√½, √2)` from the bit pattern, then
/// `ln m = 2 artanh(s) = 2(s + s³/3 + … + s⁹/9)`, `s = (m−1)/(m+1)`, `|s| ≤ 0.172`.
@inline(__always)
func fastLogarithm(_ x: Lanes) -> Lanes {
    let bits = unsafeBitCast(x, to: SIMD8<Int32>.self)
    var exponent = (bits &>> 23) &- 127
    var mantissa = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: Lanes.self)
    let high = mantissa .> 1.414_213_5
    mantissa = mantissa.replacing(with: mantissa * 0.5, where: high)
    exponent = exponent.replacing(with: exponent &+ 1, where: high)
    let s = (mantissa - 1) / (mantissa + 1)
    let s2 = s * s
    var series = Lanes(repeating: 2.0 / 9)
    series = series * s2 + (2.0 / 7)
    series = series * s2 + (2.0 / 5)
    series = series * s2 + (2.0 / 3)
    series = series * s2 + 2
    series *= s
    return Lanes(exponent) * 0.693_147_18 + series
}
