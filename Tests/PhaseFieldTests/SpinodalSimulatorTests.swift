import Foundation
import Tensor
import Testing
@testable import PhaseField

struct SpinodalSimulatorTests {
    /// The discrete free energy `Σ f(c) + ε/2 Σ_faces (Δc/dx)²` (dx = 1) in Double.
    static func freeEnergy(_ c: [Double], n: Int, parameters p: SpinodalParameters) -> Double {
        var energy = 0.0
        for row in 0..<n {
            for column in 0..<n {
                let value = c[row * n + column]
                energy += p.thermalEnergy * (value * log(value) + (1 - value) * log(1 - value))
                    + p.interaction * value * (1 - value)
                if column + 1 < n { energy += p.gradientEnergyCoefficient / 2 * pow(c[row * n + column + 1] - value, 2) }
                if row + 1 < n { energy += p.gradientEnergyCoefficient / 2 * pow(c[(row + 1) * n + column] - value, 2) }
            }
        }
        return energy
    }

    /// One step of the Float kernel against a naive Double finite-volume step.
    @Test func oneStepMatchesDoubleReference() {
        var parameters = SpinodalParameters(composition: 0.5)
        parameters.gridSize = 21
        parameters.noiseAmplitude = 0.3  // large gradients so every term matters
        var stepper = SpinodalStepper(parameters: parameters, seed: 4)
        let n = parameters.gridSize
        let before = stepper.concentration.interiorValues().map(Double.init)
        stepper.step()
        let after = stepper.concentration.interiorValues().map(Double.init)
        func at(_ f: [Double], _ r: Int, _ c: Int) -> Double { f[min(max(r, 0), n - 1) * n + min(max(c, 0), n - 1)] }
        let p = parameters
        var mu = before
        for r in 0..<n {
            for c in 0..<n {
                let v = before[r * n + c]
                let laplacian = at(before, r - 1, c) + at(before, r + 1, c) + at(before, r, c - 1) + at(before, r, c + 1) - 4 * v
                mu[r * n + c] = p.thermalEnergy * log(v / (1 - v)) + p.interaction * (1 - 2 * v)
                    - p.gradientEnergyCoefficient * laplacian
            }
        }
        var worst = 0.0, largest = 0.0
        for r in 0..<n {
            for c in 0..<n {
                let v = before[r * n + c]
                var flux = 0.0
                for (dr, dc) in [(0, -1), (0, 1), (-1, 0), (1, 0)] {
                    let w = at(before, r + dr, c + dc)
                    flux += p.mobility * (v * (1 - v) + w * (1 - w)) / 2 * (at(mu, r + dr, c + dc) - mu[r * n + c])
                }
                let change = p.timeStep * flux
                largest = max(largest, abs(change))
                worst = max(worst, abs((after[r * n + c] - v) - change))
            }
        }
        #expect(largest > 1e-3, "the step must change the field")
        #expect(worst < 2e-5 * largest + 1e-7, "max increment error \(worst) of \(largest)")
    }

    /// Mass is conserved (mean to 1e-6 over 30,000 steps) and the free energy never increases.
    @Test(arguments: [0.5, 0.25])
    func conservesMassAndDecreasesFreeEnergy(composition: Double) {
        var parameters = SpinodalParameters(composition: composition)
        parameters.gridSize = 32
        var stepper = SpinodalStepper(parameters: parameters, seed: 2)
        var energies: [Double] = []
        var worstMeanError = 0.0
        for _ in 0..<60 {
            let c = stepper.concentration.interiorValues().map(Double.init)
            energies.append(Self.freeEnergy(c, n: 32, parameters: parameters))
            worstMeanError = max(worstMeanError, abs(c.reduce(0, +) / Double(c.count) - composition))
            stepper.advance(steps: 500)
        }
        #expect(worstMeanError < 1e-6, "mean drift \(worstMeanError)")
        let increases = zip(energies, energies.dropFirst()).filter { $1 > $0 + 1e-9 * abs($0) }
        #expect(increases.isEmpty, "free energy rose: \(increases.prefix(3))")
        if composition == 0.5 { #expect(energies.last! < energies.first! - 1, "c₀ = 0.5 decomposes") }
    }

    @Test func framesAreDeterministicAndStartAtTheComposition() throws {
        var parameters = SpinodalParameters(composition: 0.75)
        parameters.gridSize = 16
        parameters.frameCount = 3
        parameters.stepsPerFrame = 10
        let first = try SpinodalSimulator(parameters).run(seed: 1)
        #expect(first.frames == (try SpinodalSimulator(parameters).run(seed: 1)).frames)
        #expect(first.frames.shape == [3, 16, 16])
        let initial = first.frames.scalars.prefix(256).map(Double.init)
        #expect(abs(initial.reduce(0, +) / 256 - 0.75) < 1e-6)
        #expect(initial.allSatisfy { abs($0 - 0.75) <= 0.0201 })
    }

    @Test func unstableOrInvalidParametersThrow() {
        var unstable = SpinodalParameters()
        unstable.timeStep = 1.0  // limit 0.835
        #expect(throws: SimulationError.self) { try SpinodalSimulator(unstable).run(seed: 0) }
        #expect(abs(SpinodalParameters().maximumStableTimeStep - 0.835) < 0.01)
        #expect(throws: SimulationError.self) { try SpinodalParameters(composition: 1.2).validate() }
        var generator = SplitMix64(seed: 1)
        #expect([0.25, 0.5, 0.75].contains(SpinodalParameters.sample(using: &generator).composition))
    }
}
