import Tensor
import Testing
@testable import Preprocessing

struct MicroscopeRendererTests {
    @Test func renderingIsSeededAndHasTheDocumentedDefects() {
        let clean = SyntheticDendrite.frames(count: 6, size: 32)
        let renderer = MicroscopeRenderer(seed: 3)
        let a = renderer.render(clean)
        #expect(a == renderer.render(clean))
        #expect(a != MicroscopeRenderer(seed: 4).render(clean))
        #expect(a.shape == [6, 128, 128])
        #expect(a.scalars.allSatisfy { $0 >= 0 && $0 <= 65_535 && $0 == $0.rounded() })
        let size = 128 * 128
        for t in 0..<6 {
            let saturated = a.scalars[(t * size)..<((t + 1) * size)].filter { $0 == 65_535 }.count
            #expect(saturated == 20, "frame \(t)")
        }
        // Liquid (border) level follows the 12 % illumination loss: frame 5 / frame 0 ≈ 0.88.
        func borderMedian(_ t: Int) -> Double {
            Statistics.median((0..<128).map { a.scalars[t * size + $0] })
        }
        #expect(abs(borderMedian(5) / borderMedian(0) - 0.88) < 0.02)
        #expect(abs(borderMedian(0) - 400) < 10)
    }

    @Test func syntheticDendriteGrowsWithSixfoldSymmetry() {
        let frames = SyntheticDendrite.frames(count: 5, size: 64)
        let observables = Observables.measure(frames)
        #expect(zip(observables, observables.dropFirst()).allSatisfy { $0.phaseFraction < $1.phaseFraction })
        #expect(observables.allSatisfy { $0.particleCount == 1 })
        #expect(observables[4].solidity < 0.6)
        // Rotating by 60° about the centre maps the field onto itself (up to resampling error).
        let last = frames.scalars[(4 * 4096)...].map { $0 }
        var error = 0.0
        for r in 0..<64 {
            for c in 0..<64 {
                let (x, y) = (Double(c) - 31.5, Double(r) - 31.5)
                let (xr, yr) = (x * 0.5 - y * 0.866_025_4, x * 0.866_025_4 + y * 0.5)
                let (cc, rr) = (Int((xr + 31.5).rounded()), Int((yr + 31.5).rounded()))
                guard cc >= 0, cc < 64, rr >= 0, rr < 64 else { continue }
                error = max(error, Double(abs(last[r * 64 + c] - last[rr * 64 + cc])))
            }
        }
        #expect(error < 0.75)
    }
}
