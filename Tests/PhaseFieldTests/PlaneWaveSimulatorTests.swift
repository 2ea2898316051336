import Foundation
import Tensor
import Testing
import PhaseField

struct PlaneWaveSimulatorTests {
    /// Every pixel of every frame equals Equation 1 evaluated directly in Double, to 1e-6.
    @Test(arguments: [UInt64(1), 2, 3])
    func framesEqualTheFormula(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        var parameters = PlaneWaveParameters.sample(using: &generator)
        parameters.frameCount = 40
        let frames = try PlaneWaveSimulator(parameters).run().frames
        #expect(frames.shape == [40, 64, 64])
        let k = 2 * Double.pi / parameters.wavelength
        let (kx, ky) = (k * cos(parameters.direction), k * sin(parameters.direction))
        let (omega, decay) = (2 * Double.pi / parameters.period, 2 * Double.pi / parameters.decayPeriod)
        var worst = 0.0
        for frame in 0..<40 {
            let t = Double(frame) * 0.005
            for row in 0..<64 {
                for column in 0..<64 {
                    let (x, y) = (Double(column) / 64, Double(row) / 64)
                    let expected = 0.5 * sin(kx * x + ky * y + omega * t + parameters.phase) * exp(-decay * t) + 0.5
                    worst = max(worst, abs(Double(frames[frame, row, column]) - expected))
                }
            }
        }
        #expect(worst < 1e-6, "max |frame − formula| = \(worst)")
    }

    @Test func samplesStayInThePapersRanges() throws {
        var generator = SplitMix64(seed: 8)
        for _ in 0..<100 {
            let p = PlaneWaveParameters.sample(using: &generator)
            #expect((0.3...0.6).contains(p.wavelength) && (0.03...0.06).contains(p.period))
            #expect((1.5...6).contains(p.decayPeriod) && (0..<(2 * Double.pi)).contains(p.phase))
            try p.validate()
        }
        var bad = PlaneWaveParameters()
        bad.wavelength = 0
        #expect(throws: SimulationError.self) { try PlaneWaveSimulator(bad).run() }
    }
}
