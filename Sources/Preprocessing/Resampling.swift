public import Tensor
import Glibc

/// Spatial resampling of frames: area averaging, bilinear, bicubic, nearest; crop.
///
/// Resizing is separable: each axis gets a list of `(input index, weight)` taps per output index,
/// rows are resampled first, then columns. Coordinates are half-pixel-centred: output index `i`
/// sits at input position `(i + ½)·s − ½` with `s = n_in / n_out`.
public enum Resampling {
    /// Resizes `[H, W]` or `[T, H, W]` frames to `height × width`.
    ///
    /// - `area`: output pixel `i` is the mean of the input over `[i·s, (i+1)·s)`, partial pixels
    ///   weighted by overlap (anti-aliased; equals `downscale_local_mean` for integer `s`).
    /// - `bilinear`, `bicubic` (Keys a = −½), `nearest`: interpolation with replicated edges.
    /// - `auto`: per axis, `area` when shrinking, `bilinear` when enlarging.
    public static func resize(_ x: Tensor, height: Int, width: Int, method: ResizeMethod) -> Tensor {
        let (_, inHeight, inWidth) = FrameMap.geometry(x, "resize")
        precondition(height >= 1 && width >= 1, "resize: target \(height)×\(width)")
        let rowTaps = taps(input: inHeight, output: height, method: method)
        let columnTaps = taps(input: inWidth, output: width, method: method)
        return FrameMap.apply(x, outHeight: height, outWidth: width, caller: "resize") { _, input, output in
            var rows = [Float](repeating: 0, count: height * inWidth)
            for (i, list) in rowTaps.enumerated() {
                for (j, weight) in list {
                    for c in 0..<inWidth { rows[i * inWidth + c] += weight * input[j * inWidth + c] }
                }
            }
            for i in 0..<height {
                for (o, list) in columnTaps.enumerated() {
                    var sum: Float = 0
                    for (j, weight) in list { sum += weight * rows[i * inWidth + j] }
                    output[i * width + o] = sum
                }
            }
        }
    }

    /// The 1-D taps mapping `input` samples onto `output` samples.
    static func taps(input: Int, output: Int, method: ResizeMethod) -> [[(Int, Float)]] {
        if input == output && method != .area { return (0..<output).map { [($0, 1)] } }
        let scale = Double(input) / Double(output)
        var resolved = method
        if method == .auto { resolved = output < input ? .area : .bilinear }
        let clamp = { (j: Int) in min(max(j, 0), input - 1) }
        return (0..<output).map { i -> [(Int, Float)] in
            switch resolved {
            case .area:
                let lower = Double(i) * scale
                let upper = Double(i + 1) * scale
                var list: [(Int, Float)] = []
                var j = Int(lower.rounded(.down))
                while Double(j) < upper - 1e-12 && j < input {
                    let overlap = min(upper, Double(j + 1)) - max(lower, Double(j))
                    if overlap > 1e-12 { list.append((j, Float(overlap / scale))) }
                    j += 1
                }
                return list
            case .nearest:
                return [(clamp(Int(((Double(i) + 0.5) * scale).rounded(.down))), 1)]
            case .bilinear:
                let position = min(max((Double(i) + 0.5) * scale - 0.5, 0), Double(input - 1))
                let j0 = Int(position.rounded(.down))
                let fraction = position - Double(j0)
                return fraction == 0 ? [(j0, Float(1))] : [(j0, Float(1 - fraction)), (clamp(j0 + 1), Float(fraction))]
            case .bicubic, .auto:
                let position = (Double(i) + 0.5) * scale - 0.5
                let j0 = Int(position.rounded(.down))
                let fraction = position - Double(j0)
                return (-1...2).map { k in (clamp(j0 + k), Float(keys(Double(k) - fraction))) }
            }
        }
    }

    /// Keys' (1981) cubic convolution kernel with a = −½.
    static func keys(_ t: Double) -> Double {
        let x = abs(t)
        let a = -0.5
        if x <= 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
        if x < 2 { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
        return 0
    }

    /// Keeps columns `x ..< x + width` and rows `y ..< y + height` of every frame.
    /// - Precondition: the region lies inside the frame.
    public static func crop(_ image: Tensor, x: Int, y: Int, width: Int, height: Int) -> Tensor {
        let (_, inHeight, inWidth) = FrameMap.geometry(image, "crop")
        precondition(
            x >= 0 && y >= 0 && width >= 1 && height >= 1 && x + width <= inWidth && y + height <= inHeight,
            "crop: region x \(x) y \(y) \(width)×\(height) outside \(inHeight)×\(inWidth)")
        return FrameMap.apply(image, outHeight: height, outWidth: width, caller: "crop") { _, input, output in
            for r in 0..<height {
                for c in 0..<width { output[r * width + c] = input[(r + y) * inWidth + c + x] }
            }
        }
    }
}
