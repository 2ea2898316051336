public import Tensor
import Glibc

/// Separable Gaussian blur of every frame of a stack — the optics nuisance of ``BankDesign/blurLevels``.
public enum GaussianBlur {
    /// Frames `[T, H, W]` convolved with a Gaussian of standard deviation `sigma` pixels (taps to
    /// ±⌈3σ⌉, weights renormalised at the borders). `sigma = 0` returns the input.
    public static func blurred(_ frames: Tensor, sigma: Double) -> Tensor {
        precondition(frames.rank == 3 && sigma >= 0, "GaussianBlur: shape \(frames.shape), sigma \(sigma)")
        guard sigma > 0 else { return frames }
        let (t, h, w) = (frames.shape[0], frames.shape[1], frames.shape[2])
        let radius = max(Int((3 * sigma).rounded(.up)), 1)
        let taps = (-radius...radius).map { Float(exp(-0.5 * Double($0 * $0) / (sigma * sigma))) }
        var output = frames.scalars
        var row = [Float](repeating: 0, count: h * w)
        for f in 0..<t {
            let base = f * h * w
            for i in 0..<h {
                for j in 0..<w {
                    var sum: Float = 0, weight: Float = 0
                    for (k, tap) in taps.enumerated() {
                        let x = j + k - radius
                        guard x >= 0, x < w else { continue }
                        sum += tap * frames.scalars[base + i * w + x]
                        weight += tap
                    }
                    row[i * w + j] = sum / weight
                }
            }
            for i in 0..<h {
                for j in 0..<w {
                    var sum: Float = 0, weight: Float = 0
                    for (k, tap) in taps.enumerated() {
                        let y = i + k - radius
                        guard y >= 0, y < h else { continue }
                        sum += tap * row[y * w + j]
                        weight += tap
                    }
                    output[base + i * w + j] = sum / weight
                }
            }
        }
        return Tensor(shape: frames.shape, scalars: output)
    }
}
