import Glibc
import Tensor
import Testing
@testable import PhaseField

/// One explicit step of the Float SIMD kernel against a straightforward Double implementation
/// written from Kobayashi's equations (atan2, cos, sin, atan from libm; ghost cells by clamping
/// indices).
struct DendriteStepperTests {
    /// Double reference of one step on an `n × n` grid; returns (φ', T').
    static func referenceStep(
        phi: [Double], temperature: [Double], n: Int, parameters p: DendriteParameters, noiseKey: UInt32
    ) -> (phi: [Double], temperature: [Double]) {
        func at(_ field: [Double], _ row: Int, _ column: Int) -> Double {
            field[min(max(row, 0), n - 1) * n + min(max(column, 0), n - 1)]
        }
        let dx = p.gridSpacing
        var b = [Double](repeating: 0, count: n * n), c = b, e = b
        for row in 0..<n {
            for column in 0..<n {
                let phiX = (at(phi, row, column + 1) - at(phi, row, column - 1)) / (2 * dx)
                let phiY = (at(phi, row + 1, column) - at(phi, row - 1, column)) / (2 * dx)
                let theta = atan2(phiY, phiX)
                let epsilon = p.interfaceWidth * (1 + p.anisotropyStrength * cos(6 * (theta - p.orientation)))
                let epsilonPrime = -p.interfaceWidth * p.anisotropyStrength * 6 * sin(6 * (theta - p.orientation))
                b[row * n + column] = epsilon * epsilonPrime * phiX
                c[row * n + column] = epsilon * epsilonPrime * phiY
                e[row * n + column] = epsilon * epsilon
            }
        }
        var newPhi = phi, newT = temperature
        for row in 0..<n {
            for column in 0..<n {
                let index = row * n + column
                let value = phi[index], eCenter = e[index]
                let cross = (at(b, row + 1, column) - at(b, row - 1, column)) / (2 * dx)
                    - (at(c, row, column + 1) - at(c, row, column - 1)) / (2 * dx)
                var divergence = 0.0
                for (dr, dc) in [(0, -1), (0, 1), (-1, 0), (1, 0)] {
                    divergence += 0.5 * (eCenter + at(e, row + dr, column + dc))
                        * (at(phi, row + dr, column + dc) - value)
                }
                divergence /= dx * dx
                let m = p.alpha / Double.pi * atan(p.gamma * (p.equilibriumTemperature - temperature[index]))
                let u = Double(counterUniform(key: noiseKey, counter: UInt32(index + 1)))
                let rhs = cross + divergence + value * (1 - value) * (value - 0.5 + m)
                    + p.noiseAmplitude * value * (1 - value) * (u - 0.5)
                let change = p.timeStep / p.relaxationTime * rhs
                var laplacian = -4 * temperature[index]
                for (dr, dc) in [(0, -1), (0, 1), (-1, 0), (1, 0)] { laplacian += at(temperature, row + dr, column + dc) }
                newPhi[index] = value + change
                newT[index] = temperature[index] + p.timeStep * laplacian / (dx * dx) + p.latentHeat * change
            }
        }
        return (newPhi, newT)
    }

    @Test(arguments: [(n: 20, orientation: 0.0), (n: 13, orientation: 0.4)])
    func oneStepMatchesDoubleReference(_ grid: (n: Int, orientation: Double)) {
        // Given a diffuse random blob and a random temperature, on a grid that is (13) and is not
        // (20) a multiple of the SIMD width
        var parameters = DendriteParameters(latentHeat: 1.8, orientation: grid.orientation)
        parameters.gridSize = grid.n
        parameters.nucleus = DendriteNucleus(shape: .ellipse, radiusX: 0.2, radiusY: 0.12)
        var stepper = DendriteStepper(parameters: parameters, noiseSeed: 5)
        var generator = SplitMix64(seed: 11)
        for row in 0..<grid.n {
            for column in 0..<grid.n {
                let value = stepper.phase[row, column]
                stepper.phase[row, column] = min(max(value + 0.3 * (generator.nextUniform() - 0.5), 0), 1)
                stepper.temperature[row, column] = 0.6 * generator.nextUniform()
            }
        }
        stepper.phase.mirrorWalls()
        stepper.temperature.mirrorWalls()
        let phi = stepper.phase.interiorValues().map(Double.init)
        let temperature = stepper.temperature.interiorValues().map(Double.init)
        // When
        stepper.step()
        let key = UInt32(truncatingIfNeeded: SplitMix64.derivedSeed(master: 5, index: 0))
        let reference = Self.referenceStep(
            phi: phi, temperature: temperature, n: grid.n, parameters: parameters, noiseKey: key)
        // Then: Float vs Double, fields of order 1
        let phiError = zip(stepper.phase.interiorValues(), reference.phi).map { abs(Double($0) - $1) }.max() ?? .nan
        let tError = zip(stepper.temperature.interiorValues(), reference.temperature).map { abs(Double($0) - $1) }.max() ?? .nan
        #expect(phiError < 2e-5, "max |Δφ| = \(phiError)")
        #expect(tError < 2e-5, "max |ΔT| = \(tError)")
        #expect(stepper.stepCount == 1)
    }

    @Test func laneWiseNoiseEqualsScalarNoise() {
        let key: UInt32 = 0xDEAD_BEEF
        let lanes = counterUniform(key: key, firstCounter: 1000)
        for lane in 0..<8 {
            #expect(lanes[lane] == counterUniform(key: key, counter: 1000 + UInt32(lane)))
        }
    }

    @Test func noiseIsUniform() {
        // 20,000 draws: mean 1/2 ± 4σ (σ = 1/sqrt(12·20000)), variance 1/12 ± 3 %.
        let draws = (0..<20_000).map { Double(counterUniform(key: 77, counter: UInt32($0))) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 4 / (12.0 * 20_000).squareRoot())
        #expect(abs(variance - 1.0 / 12) < 0.03 / 12)
    }

    @Test func fastArctangentMatchesLibm() {
        var worst = 0.0
        for index in -4000...4000 {
            let x = Float(index) / 200  // [-20, 20]
            worst = max(worst, abs(Double(fastArctangent(x)) - atan(Double(x))))
            let lanes = fastArctangent(Lanes(repeating: x))
            #expect(lanes[3] == fastArctangent(x))
        }
        #expect(worst < 3e-7, "max |fastArctangent − atan| = \(worst)")
    }
}
