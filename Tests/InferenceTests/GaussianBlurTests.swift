import Glibc
import Inference
import Tensor
import Testing

struct GaussianBlurTests {
    @Test func matchesDirectTwoDimensionalConvolution() {
        var generator = SplitMix64(seed: 12)
        let (h, w, sigma) = (9, 11, 1.2)
        let frames = Tensor(shape: [2, h, w], scalars: (0..<(2 * h * w)).map { _ in generator.nextUniform() })
        let blurred = GaussianBlur.blurred(frames, sigma: sigma)
        // Reference: the separable result equals the direct 2-D sum with the product kernel when
        // each axis is renormalised over its in-image taps.
        let radius = Int((3 * sigma).rounded(.up))
        for f in 0..<2 {
            for i in 0..<h {
                for j in 0..<w {
                    var sum = 0.0, wy = 0.0, wx = 0.0
                    for dy in -radius...radius where i + dy >= 0 && i + dy < h { wy += exp(-0.5 * Double(dy * dy) / (sigma * sigma)) }
                    for dx in -radius...radius where j + dx >= 0 && j + dx < w { wx += exp(-0.5 * Double(dx * dx) / (sigma * sigma)) }
                    for dy in -radius...radius where i + dy >= 0 && i + dy < h {
                        for dx in -radius...radius where j + dx >= 0 && j + dx < w {
                            sum += exp(-0.5 * Double(dy * dy + dx * dx) / (sigma * sigma)) * Double(frames[f, i + dy, j + dx])
                        }
                    }
                    #expect(abs(Double(blurred[f, i, j]) - sum / (wy * wx)) < 1e-5)
                }
            }
        }
        #expect(GaussianBlur.blurred(frames, sigma: 0) == frames)
    }
}
