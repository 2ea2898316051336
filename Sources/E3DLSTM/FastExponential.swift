/// A vectorised e^x for softmax: range reduction to 2^k · e^f with |f| ≤ ½ ln 2 and a degree-5
/// polynomial for e^f; relative error below 3·10⁻⁷ on [−87, 0]
/// (checked against `Glibc.exp` in the tests). Inputs below −87 give e^−87 instead of a
/// denormal or 0, which is immaterial next to the row maximum's e^0 = 1.
enum FastExponential {
    /// Replaces each x by e^(x − shift) and returns the sum of the results.
    static func exponentiateInPlace(_ values: UnsafeMutableBufferPointer<Float>, subtracting shift: Float) -> Float {
        let count = values.count
        var sum = SIMD8<Float>(repeating: 0)
        var index = 0
        guard let base = values.baseAddress else { return 0 }
        let raw = UnsafeMutableRawPointer(base)
        while index + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<Float>.self) - SIMD8(repeating: shift)
            let y = exponential(x)
            raw.storeBytes(of: y, toByteOffset: 4 * index, as: SIMD8<Float>.self)
            sum += y
            index += 8
        }
        var total = sum.sum()
        while index < count {
            var lane = SIMD8<Float>(repeating: 0)
            lane[0] = values[index] - shift
            let y = exponential(lane)[0]
            values[index] = y
            total += y
            index += 1
        }
        return total
    }

    /// e^x lane by lane.
    @inline(__always)
    static func exponential(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let x = input.replacing(with: -87, where: input .< -87)
        // Adding 1.5·2²³ rounds t to an integer k held in the low mantissa bits.
        let shifted = SIMD8<Float>(repeating: 12_582_912).addingProduct(x, SIMD8(repeating: 1.442_695_04))
        let k = shifted - 12_582_912
        // f = x − k·ln 2 in two parts (Cody–Waite), so no precision is lost for large |x|.
        let f = x.addingProduct(k, SIMD8(repeating: -0.693_359_375)).addingProduct(k, SIMD8(repeating: 2.121_944_4e-4))
        // e^f for |f| ≤ ½ ln 2: degree-5 polynomial fitted for least maximum relative error
        // (9e-8 exact, 1.5e-7 in Float), Horner form in fused multiply-adds.
        var p = SIMD8<Float>(repeating: 0.008_290_315)
        p = SIMD8(repeating: 0.041_897_93).addingProduct(p, f)
        p = SIMD8(repeating: 0.166_676_36).addingProduct(p, f)
        p = SIMD8(repeating: 0.499_991_5).addingProduct(p, f)
        p = SIMD8(repeating: 0.999_999_7).addingProduct(p, f)
        p = SIMD8(repeating: 1).addingProduct(p, f)
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let exponentBits = (integer &+ 127) &<< 23
        return p * unsafeBitCast(exponentBits, to: SIMD8<Float>.self)
    }
}

/// Lane-wise σ and tanh on top of `FastExponential.exponential` (absolute error ≲ 2e-7).
enum FastActivation {
    /// σ(x) = 1 / (1 + e^(−x)), with the exponent clamped to [−87, 88] (no overflow).
    @inline(__always)
    static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
        return 1 / (1 + FastExponential.exponential(limited(-x)))
    }

    /// tanh(x) = 1 − 2 / (e^(2x) + 1), with the exponent clamped to [−87, 88].
    @inline(__always)
    static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        return 1 - 2 / (FastExponential.exponential(limited(2 * x)) + 1)
    }

    /// x clamped to [−87, 88] with compare-and-select (`clamped(lowerBound:upperBound:)` went
    /// through the NaN-aware generic min and max, out of line).
    @inline(__always)
    private static func limited(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let (low, high) = (SIMD8<Float>(repeating: -87), SIMD8<Float>(repeating: 88))
        return x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
    }
}

/// Loads and stores of 8 consecutive floats (fewer at the end of a run, zero-filled). The partial
/// cases are out of line: inlined, the compiler turned every full load into eight lane blends.
struct Lanes {
    let base: UnsafeMutablePointer<Float>

    init(_ buffer: UnsafeMutableBufferPointer<Float>) { base = buffer.baseAddress! }
    init(_ buffer: UnsafeBufferPointer<Float>) { base = UnsafeMutablePointer(mutating: buffer.baseAddress!) }

    @inline(__always)
    func load(_ index: Int, _ count: Int) -> SIMD8<Float> {
        count == 8 ? UnsafeRawPointer(base + index).loadUnaligned(as: SIMD8<Float>.self) : loadPartially(index, count)
    }

    @inline(__always)
    func store(_ value: SIMD8<Float>, _ index: Int, _ count: Int) {
        if count == 8 {
            UnsafeMutableRawPointer(base + index).storeBytes(of: value, as: SIMD8<Float>.self)
        } else {
            storePartially(value, index, count)
        }
    }

    @inline(never)
    private func loadPartially(_ index: Int, _ count: Int) -> SIMD8<Float> {
        var lanes = SIMD8<Float>(repeating: 0)
        for lane in 0..<count { lanes[lane] = base[index + lane] }
        return lanes
    }

    @inline(never)
    private func storePartially(_ value: SIMD8<Float>, _ index: Int, _ count: Int) {
        for lane in 0..<count { base[index + lane] = value[lane] }
    }
}
