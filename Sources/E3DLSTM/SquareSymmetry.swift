public import Tensor

/// The eight symmetry operations of the square (point group 4mm, the dihedral group D4), used
/// to augment training clips: a phase-field evolution rotated or mirrored is again a valid one.
///
/// On a frame `x[r, c]` of size `n × n` (`r`, `c` in `0..<n`), the result `y` is:
/// ```
/// identity        y[r, c] = x[r, c]
/// rotate90        y[r, c] = x[c, n−1−r]         (counter-clockwise)
/// rotate180       y[r, c] = x[n−1−r, n−1−c]
/// rotate270       y[r, c] = x[n−1−c, r]
/// flipHorizontal  y[r, c] = x[r, n−1−c]        (mirror about the vertical axis)
/// flipVertical    y[r, c] = x[n−1−r, c]
/// transpose       y[r, c] = x[c, r]             (mirror about the main diagonal)
/// antiTranspose   y[r, c] = x[n−1−c, n−1−r]    (mirror about the anti-diagonal)
/// ```
/// Operations that swap the axes (`rotate90`, `rotate270`, `transpose`, `antiTranspose`) turn an
/// `H × W` frame into `W × H`; on non-square frames only the other four keep the shape
/// (`shapePreserving(height:width:)`).
public enum SquareSymmetry: Int, CaseIterable, Sendable, Codable {
    case identity, rotate90, rotate180, rotate270, flipHorizontal, flipVertical, transpose, antiTranspose

    /// Whether the operation exchanges the row and column axes.
    public var swapsAxes: Bool {
        switch self {
        case .rotate90, .rotate270, .transpose, .antiTranspose: return true
        default: return false
        }
    }

    /// The operations that keep an `height × width` frame's shape (all 8 when square).
    public static func shapePreserving(height: Int, width: Int) -> [SquareSymmetry] {
        height == width ? allCases : allCases.filter { !$0.swapsAxes }
    }

    /// Applies the operation to the last two axes of `tensor` (`[…, H, W]` → `[…, H, W]` or
    /// `[…, W, H]`); every leading slice is transformed the same way.
    /// - Precondition: rank ≥ 2.
    public func apply(to tensor: Tensor) -> Tensor {
        precondition(tensor.rank >= 2, "SquareSymmetry.apply: \(tensor.shape) needs [..., H, W]")
        let height = tensor.shape[tensor.rank - 2], width = tensor.shape[tensor.rank - 1]
        let (outHeight, outWidth) = swapsAxes ? (width, height) : (height, width)
        var outShape = tensor.shape
        outShape[tensor.rank - 2] = outHeight
        outShape[tensor.rank - 1] = outWidth
        if self == .identity { return tensor }
        let slices = tensor.count / max(height * width, 1)
        var result = Tensor(zeros: outShape)
        let source = tensor.scalars
        result.withUnsafeMutableBufferPointer { out in
            for slice in 0..<slices {
                let base = slice * height * width
                for r in 0..<outHeight {
                    for c in 0..<outWidth {
                        let (sr, sc) = sourceIndex(row: r, column: c, outHeight: outHeight, outWidth: outWidth)
                        out[base + r * outWidth + c] = source[base + sr * width + sc]
                    }
                }
            }
        }
        return result
    }

    /// The source (row, column) of output (r, c) in an output of size `outHeight × outWidth`.
    private func sourceIndex(row r: Int, column c: Int, outHeight: Int, outWidth: Int) -> (Int, Int) {
        switch self {
        case .identity: return (r, c)
        case .rotate90: return (c, outHeight - 1 - r)
        case .rotate180: return (outHeight - 1 - r, outWidth - 1 - c)
        case .rotate270: return (outWidth - 1 - c, r)
        case .flipHorizontal: return (r, outWidth - 1 - c)
        case .flipVertical: return (outHeight - 1 - r, c)
        case .transpose: return (c, r)
        case .antiTranspose: return (outWidth - 1 - c, outHeight - 1 - r)
        }
    }
}
