import Tensor
import Testing
@testable import Preprocessing

/// The quality claim: the default recipe recovers the clean 64² frames from the synthetic
/// microscope stack (×4, blur σ 2, Poisson + read noise, 12 % drift, 20 hot pixels, 16-bit).
struct DefaultRecipeTests {
    @Test func recoversCleanFramesWithinRMSE006() throws {
        let clean = SyntheticDendrite.frames(count: 12, size: 64)
        let stack = MicroscopeRenderer(seed: 7).render(clean)
        #expect(stack.shape == [12, 256, 256])
        let result = try Pipeline.apply(
            .defaultMicroscopy, to: stack, calibration: Calibration(pixelSize: 0.25, frameInterval: 2))
        #expect(result.frames.shape == [12, 64, 64])
        #expect(abs(result.calibration.pixelSize - 1.0) < 1e-12)
        #expect(result.calibration.frameInterval == 2)
        let errors = ImageMetrics.rmsePerFrame(result.frames, clean)
        print("default recipe RMSE per frame:", errors.map { (($0 * 1e4).rounded() / 1e4) })
        for entry in result.log { print(entry.step, entry.notes) }
        for (t, error) in errors.enumerated() { #expect(error <= 0.06, "frame \(t): RMSE \(error)") }
        // The untreated baseline (area downsampling + a min–max stretch) must be clearly worse,
        // otherwise the test would not exercise the denoising and drift steps.
        let naive = try Pipeline.apply(
            Recipe([.resize(width: 64, height: 64, method: .area), .convert(polarity: .invert, range: .percentiles(low: 0, high: 100))]),
            to: stack, calibration: Calibration(pixelSize: 1, frameInterval: 1))
        #expect(ImageMetrics.rmse(naive.frames, clean) > 2 * (errors.max() ?? 1))
    }
}
