import Foundation
import Tensor
import Testing
@testable import Preprocessing

struct MetricsTests {
    @Test func rmseMatchesNaiveDoubleLoop() {
        var random = SplitMix64(seed: 5)
        let a = Tensor(shape: [3, 9, 7], scalars: (0..<189).map { _ in random.nextUniform() })
        let b = Tensor(shape: [3, 9, 7], scalars: (0..<189).map { _ in random.nextUniform() })
        var total = 0.0
        for i in 0..<189 { total += pow(Double(a.scalars[i]) - Double(b.scalars[i]), 2) }
        #expect(abs(ImageMetrics.rmse(a, b) - (total / 189).squareRoot()) < 1e-12)
        let perFrame = ImageMetrics.rmsePerFrame(a, b)
        #expect(abs(perFrame.map { $0 * $0 }.reduce(0, +) / 3 - total / 189) < 1e-12)
    }

    @Test func ssimIsOneForIdenticalFramesAndFallsWithNoise() {
        let frames = SyntheticDendrite.frames(count: 2, size: 32)
        #expect(abs(ImageMetrics.ssim(frames, frames) - 1) < 1e-12)
        var random = SplitMix64(seed: 9)
        let noisy = Tensor(shape: frames.shape, scalars: frames.scalars.map { $0 + 0.2 * random.nextNormal() })
        let value = ImageMetrics.ssim(frames, noisy)
        #expect(value < 0.9 && value > 0)
    }

    @Test func observablesOfADiscMatchGeometry() {
        let (height, width, radius) = (64, 64, 12.0)
        let disc = (0..<(height * width)).map { i -> Float in
            let (y, x) = (Double(i / width) - 31.5, Double(i % width) - 31.5)
            return (x * x + y * y).squareRoot() < radius ? 1 : 0
        }
        let o = Observables.measure(Tensor(shape: [1, height, width], scalars: disc))[0]
        let area = disc.reduce(0, +)
        #expect(abs(o.phaseFraction - Double(area) / 4096) < 1e-12)
        #expect(o.particleCount == 1)
        #expect(abs(o.meanRadius - radius) < 0.3)
        #expect(abs(o.feretDiameter - 2 * radius) < 1.5)
        #expect(o.solidity > 0.97 && o.convexity > 0.95)
    }

    @Test func hotPixelsAreReplacedByTheLocalMedian() {
        var random = SplitMix64(seed: 2)
        var frame = (0..<(40 * 40)).map { _ in 100 + 3 * random.nextNormal() }
        let clean = frame
        for i in [41, 500, 1234] { frame[i] = 65_535 }
        let result = Filters.removeHotPixels(Tensor(shape: [1, 40, 40], scalars: frame), threshold: 6)
        #expect(result.replaced == [3])
        for i in [41, 500, 1234] { #expect(abs(result.frames.scalars[i] - 100) < 10) }
        let untouched = (0..<1600).filter { ![41, 500, 1234].contains($0) }
        #expect(untouched.allSatisfy { result.frames.scalars[$0] == clean[$0] })
    }

    @Test func bicubicReproducesLinearRampsAndNoiseEstimateIsUnbiased() {
        let ramp = Tensor(shape: [8, 8], scalars: (0..<64).map { Float($0 % 8) * 2 + Float($0 / 8) })
        let up = Resampling.resize(ramp, height: 16, width: 16, method: .bicubic)
        // Away from the replicated edges a cubic kernel with a = −½ is exact on linear functions.
        for r in 4..<12 {
            for c in 4..<12 {
                let expected = 2 * ((Double(c) + 0.5) / 2 - 0.5) + ((Double(r) + 0.5) / 2 - 0.5)
                #expect(abs(Double(up[r, c]) - expected) < 1e-4)
            }
        }
        var random = SplitMix64(seed: 4)
        let noise = Tensor(shape: [128, 128], scalars: (0..<(128 * 128)).map { _ in 0.05 * random.nextNormal() })
        #expect(abs(Filters.estimateNoise(noise) - 0.05) < 0.003)
    }
}
