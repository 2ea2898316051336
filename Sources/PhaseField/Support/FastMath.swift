/// `atan(x)` to 9e-8 absolute, branch-free so loops that call it vectorise.
///
/// For `|x| ≤ 1`: `atan(x) = x·P(x²)` with a degree-7 least-squares fit on Chebyshev nodes; for
/// `|x| > 1`: `atan(x) = sign(x)·π/2 − atan(1/x)`.
@inline(__always)
func fastArctangent(_ x: Float) -> Float {
    let magnitude = abs(x)
    let inverted = magnitude > 1
    let t = inverted ? 1 / magnitude : magnitude
    let s = t * t
    var p: Float = -0.004_831_168_4
    p = p * s + 0.024_756_781
    p = p * s - 0.060_219_128
    p = p * s + 0.099_679_236
    p = p * s - 0.140_401_39
    p = p * s + 0.199_736_81
    p = p * s - 0.333_323_03
    p = p * s + 0.999_999_96
    let base = t * p
    let folded = inverted ? (Float.pi / 2 - base) : base
    return x < 0 ? -folded : folded
}

/// A uniform Float in [0, 1) hashed from a 32-bit key and a cell counter, for per-cell noise.
///
/// `h = fmix32(key ⊕ counter·0x9E3779B9)` (MurmurHash3's finaliser, a bijection), then the top
/// 24 bits scaled by 2⁻²⁴. Counter-based, so every cell draws its own number in any order or
/// thread, and the lane-wise version below gives bit-identical results.
@inline(__always)
func counterUniform(key: UInt32, counter: UInt32) -> Float {
    var h = key ^ (counter &* 0x9E37_79B9)
    h ^= h >> 16
    h = h &* 0x85EB_CA6B
    h ^= h >> 13
    h = h &* 0xC2B2_AE35
    h ^= h >> 16
    return Float(h >> 8) * (1.0 / 16_777_216.0)
}

/// Lane-wise `counterUniform` for counters `first, first+1, …, first+7`.
@inline(__always)
func counterUniform(key: UInt32, firstCounter: UInt32) -> SIMD8<Float> {
    let counters = SIMD8<UInt32>(repeating: firstCounter) &+ SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
    var h = SIMD8<UInt32>(repeating: key) ^ (counters &* 0x9E37_79B9)
    h ^= h &>> 16
    h = h &* 0x85EB_CA6B
    h ^= h &>> 13
    h = h &* 0xC2B2_AE35
    h ^= h &>> 16
    return SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: h &>> 8)) * (1.0 / 16_777_216.0)
}
