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

struct ContourTests {
    func droplet(radius: Double, size: Int = 64, inside: Float = 1) -> Tensor {
        let centre = Double(size - 1) / 2 + 0.23  // off-grid centre
        return Tensor(shape: [size, size], scalars: (0..<(size * size)).map { i in
            let (y, x) = (Double(i / size) - centre, Double(i % size) - centre)
            let phi = Float(0.5 * (1 - tanh(((x * x + y * y).squareRoot() - radius) / 1.5)))
            return inside == 1 ? phi : 1 - phi
        })
    }

    @Test(arguments: [5.0, 10.0, 20.0])
    func dropletCurvatureIsOneOverRadius(radius: Double) throws {
        let lines = Contours.isolines(droplet(radius: radius))
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.isClosed)
        // Every contour point lies on the circle to within the linear-interpolation error.
        let centre = 31.5 + 0.23
        for p in line.points {
            #expect(abs(((p.row - centre) * (p.row - centre) + (p.column - centre) * (p.column - centre)).squareRoot() - radius) < 0.05)
        }
        let curvatures = Contours.interfaceCurvatures(droplet(radius: radius))
        let mean = curvatures.reduce(0, +) / Double(curvatures.count)
        #expect(abs(mean - 1 / radius) < 0.05 / radius, "mean κ \(mean) for R = \(radius)")
        let hole = Contours.interfaceCurvatures(droplet(radius: radius, inside: 0))
        #expect(abs(hole.reduce(0, +) / Double(hole.count) + 1 / radius) < 0.05 / radius)
        let distribution = Contours.curvatureDistribution(droplet(radius: radius))
        #expect(abs(distribution.reduce(0, +) - 1) < 1e-12)
        // 1/R falls on a bin edge here (0.05, 0.1, 0.2): nearly all mass in the two bins around it.
        let edge = 10 + Int(((1 / radius) * 20).rounded())
        #expect(distribution[edge - 1] + distribution[edge] > 0.95)
    }

    @Test func histogramsFollowThePaperDefinition() {
        let h = ImageMetrics.histogram20([-1, 0.01, 0.02, 0.26, 7], low: -0.5, high: 0.5)
        #expect(h[0] == 0.2 && h[10] == 0.4 && h[15] == 0.2 && h[19] == 0.2)
        #expect(abs(ImageMetrics.histogramDistance(h, h)) == 0)
        var other = h
        other[0] = 0.4
        other[10] = 0.2
        #expect(abs(ImageMetrics.histogramDistance(h, other) - (0.08).squareRoot()) < 1e-12)
    }
}
