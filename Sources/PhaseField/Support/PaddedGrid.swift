/// A square `n × n` Float field stored with one ghost cell on each side, row-major.
///
/// Interior cell `(i, j)`, `0 ≤ i, j < n`, lives at `(i+1)·stride + (j+1)`. Ghost cells let every
/// stencil loop run the same code at the walls; `mirrorWalls()` implements zero-flux walls by
/// copying the adjacent interior value into each ghost (`φ₋₁ = φ₀`). Rows are padded to
/// `stride = roundUp(n, 8) + 2` so that 8-wide SIMD loops over columns `1 ... roundUp(n, 8)`
/// stay inside the row; what they write past column `n` is scratch that `mirrorWalls()` and
/// readers ignore.
final class PaddedGrid: @unchecked Sendable {
    let size: Int
    let stride: Int
    let storage: UnsafeMutablePointer<Float>

    init(size: Int, value: Float = 0) {
        precondition(size >= 1, "PaddedGrid: size \(size)")
        self.size = size
        stride = (size + 7) / 8 * 8 + 2
        storage = .allocate(capacity: stride * (size + 2))
        storage.initialize(repeating: value, count: stride * (size + 2))
    }

    deinit { storage.deallocate() }

    /// Number of 8-wide vectors covering one interior row.
    var vectorsPerRow: Int { (size + 7) / 8 }

    /// Pointer to interior cell (0, 0).
    var interior: UnsafeMutablePointer<Float> { storage + stride + 1 }

    subscript(row: Int, column: Int) -> Float {
        get { storage[(row + 1) * stride + column + 1] }
        set { storage[(row + 1) * stride + column + 1] = newValue }
    }

    /// Copies each wall's interior values into its ghost cells (zero normal gradient).
    func mirrorWalls() {
        for row in 1...size {
            let base = storage + row * stride
            base[0] = base[1]
            for column in (size + 1)..<stride { base[column] = base[size] }
        }
        (storage).update(from: storage + stride, count: stride)
        (storage + (size + 1) * stride).update(from: storage + size * stride, count: stride)
    }

    /// The interior as a row-major `n × n` array.
    func interiorValues() -> [Float] {
        var values = [Float](repeating: 0, count: size * size)
        for row in 0..<size {
            for column in 0..<size { values[row * size + column] = self[row, column] }
        }
        return values
    }
}
