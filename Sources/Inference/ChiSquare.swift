import Glibc

/// The chi-square distribution's upper tail, for goodness-of-fit p-values.
public enum ChiSquare {
    /// `P(X ≥ x)` for `X ~ χ²(degreesOfFreedom)`: the regularised upper incomplete gamma
    /// function `Q(k/2, x/2)`. Uses the power series of `P(a, z)` for `z < a + 1` and the Lentz
    /// continued fraction of `Q(a, z)` otherwise (relative accuracy ~1e-12).
    /// - Precondition: `degreesOfFreedom > 0`.
    public static func upperTail(_ x: Double, degreesOfFreedom: Double) -> Double {
        precondition(degreesOfFreedom > 0, "ChiSquare: degrees of freedom \(degreesOfFreedom)")
        guard x > 0 else { return 1 }
        let a = degreesOfFreedom / 2, z = x / 2
        let logPrefactor = a * log(z) - z - lgamma(a)
        if z < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= z / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - exp(logPrefactor) * sum)
        }
        let tiny = 1e-300
        var b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, exp(logPrefactor) * h)
    }
}
