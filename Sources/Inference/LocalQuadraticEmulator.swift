import Glibc

/// Local quadratic regression (LOESS with a Gaussian kernel) of values observed at scattered
/// parameter values `x_r` (repeats allowed), as a linear smoother.
///
/// The prediction at `x*` is the intercept `a` of the weighted least-squares fit
/// `min Σ_r k_r (y_r − a − b d_r − c d_r²)²`, `d_r = x_r − x*`, `k_r = exp(−d_r² / (2 h²))`.
/// It is linear in the data, `ŷ(x*) = Σ_r w_r(x*) y_r` with
/// `w = K X (Xᵀ K X)⁻¹ e₁`, so one weight vector serves every summary component. Quadratics
/// are reproduced exactly; for smooth functions the bias is O(h³ f‴) inside the range and the
/// fit stays well defined at the ends of the range (no extrapolation blow-up within it).
///
/// Leaving run `r` out (`k_r = 0`) gives the leave-one-out (LOO) prediction used to estimate the
/// emulator's own error.
public struct LocalQuadraticEmulator: Codable, Sendable, Equatable {
    /// Parameter values of the data points.
    public let nodes: [Double]
    /// Kernel bandwidth `h`.
    public let bandwidth: Double

    /// - Precondition: at least 3 distinct nodes, `bandwidth > 0`.
    public init(nodes: [Double], bandwidth: Double) {
        precondition(Set(nodes).count >= 3, "LocalQuadraticEmulator: needs ≥ 3 distinct nodes, got \(Set(nodes).count)")
        precondition(bandwidth > 0, "LocalQuadraticEmulator: bandwidth \(bandwidth)")
        self.nodes = nodes
        self.bandwidth = bandwidth
    }

    /// Smoother weights at `x` (they sum to 1); run `excluding` gets weight 0.
    public func weights(at x: Double, excluding: Int? = nil) -> [Double] {
        var kernel = nodes.map { exp(-0.5 * (($0 - x) / bandwidth) * (($0 - x) / bandwidth)) }
        if let excluding { kernel[excluding] = 0 }
        // Normal equations of the weighted fit in d = (x_r − x)/h (scaled for conditioning).
        var moments = [Double](repeating: 0, count: 5)  // Σ k dⁿ, n = 0...4
        for (node, k) in zip(nodes, kernel) {
            let d = (node - x) / bandwidth
            var power = 1.0
            for n in 0..<5 {
                moments[n] += k * power
                power *= d
            }
        }
        let matrix = [
            [moments[0], moments[1], moments[2]],
            [moments[1], moments[2], moments[3]],
            [moments[2], moments[3], moments[4]],
        ]
        // First row of the inverse (the matrix is symmetric): solve M g = e₁, with a small ridge
        // if the kernel sees too few distinct nodes.
        var g = Self.solve3(matrix, [1, 0, 0])
        if g == nil {
            var ridged = matrix
            for i in 0..<3 { ridged[i][i] += 1e-8 * moments[0] + 1e-12 }
            g = Self.solve3(ridged, [1, 0, 0])
        }
        let coefficients = g ?? [1 / max(moments[0], 1e-300), 0, 0]
        return zip(nodes, kernel).map { node, k in
            let d = (node - x) / bandwidth
            return k * (coefficients[0] + coefficients[1] * d + coefficients[2] * d * d)
        }
    }

    /// The emulated value at `x` for data `values[r]` at `nodes[r]`.
    public func predict(at x: Double, values: [Double]) -> Double {
        precondition(values.count == nodes.count, "predict: \(values.count) values for \(nodes.count) nodes")
        return zip(weights(at: x), values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Solves a 3 × 3 system by Gaussian elimination with partial pivoting; nil if singular.
    static func solve3(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, v = b
        let scale = m.flatMap { $0 }.map(abs).max() ?? 0
        for column in 0..<3 {
            let pivot = (column..<3).max { abs(m[$0][column]) < abs(m[$1][column]) }!
            guard abs(m[pivot][column]) > 1e-13 * scale else { return nil }
            m.swapAt(column, pivot)
            v.swapAt(column, pivot)
            for row in (column + 1)..<3 {
                let factor = m[row][column] / m[column][column]
                for k in column..<3 { m[row][k] -= factor * m[column][k] }
                v[row] -= factor * v[column]
            }
        }
        var x = [0.0, 0.0, 0.0]
        for row in stride(from: 2, through: 0, by: -1) {
            var sum = v[row]
            for k in (row + 1)..<3 { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
