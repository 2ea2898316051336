import Glibc
import Tensor

/// The explicit Kobayashi update on a padded grid with zero-flux walls (mirror ghosts).
///
/// One step is two passes over the grid, each split into row bands across cores:
/// 1. per cell: central gradients `φx, φy`; `cos/sin 6(θ−θ₀)` from `(φx + iφy)⁶/|∇φ|⁶` (no
///    trigonometric calls); `ε`, `ε'`; store `B = εε'φx`, `C = εε'φy`, `E = ε²`.
/// 2. per cell: `∂y B − ∂x C` (central), `∇·(ε²∇φ)` as face fluxes with face `ε²` = mean of the
///    two cells, the reaction and noise terms, then `φ += dt/τ · rhs` and
///    `T += dt ∇²T + K Δφ` (5-point Laplacian); new values with `|x| < 1e-15` become 0
///    (`flushingTinyValues`, keeps the liquid's tails out of slow subnormal arithmetic).
/// Where `∇φ = 0`, `θ = 0` as with `atan2(0, 0)`. The noise `U` of cell `c = i·N + j` at step `s`
/// is `counterUniform(key: k, counter: c + 1)` with `k` the low 32 bits of
/// `SplitMix64.derivedSeed(master: noiseSeed, index: s)`.
struct DendriteStepper: FrameStepper {
    let parameters: DendriteParameters
    let noiseSeed: UInt64
    private(set) var phase: PaddedGrid
    private(set) var temperature: PaddedGrid
    private var nextPhase: PaddedGrid
    private var nextTemperature: PaddedGrid
    private let fluxB: PaddedGrid
    private let fluxC: PaddedGrid
    private let epsilonSquared: PaddedGrid
    /// Steps taken so far.
    private(set) var stepCount = 0

    init(parameters: DendriteParameters, noiseSeed: UInt64) {
        self.parameters = parameters
        self.noiseSeed = noiseSeed
        let n = parameters.gridSize
        phase = PaddedGrid(size: n)
        temperature = PaddedGrid(size: n)
        nextPhase = PaddedGrid(size: n)
        nextTemperature = PaddedGrid(size: n)
        fluxB = PaddedGrid(size: n)
        fluxC = PaddedGrid(size: n)
        epsilonSquared = PaddedGrid(size: n)
        let dx = parameters.gridSpacing
        for row in 0..<n {
            for column in 0..<n {
                let x = (Double(column) + 0.5 - Double(n) / 2) * dx
                let y = (Double(row) + 0.5 - Double(n) / 2) * dx
                if parameters.nucleus.contains(x: x, y: y) { phase[row, column] = 1 }
            }
        }
        phase.mirrorWalls()
    }

    var frameHeight: Int { parameters.outputSize }
    var frameWidth: Int { parameters.outputSize }
    var hiddenFieldNames: [String] { ["temperature"] }

    func renderFrame(into frame: UnsafeMutableBufferPointer<Float>) {
        render(phase, into: frame)
    }

    func renderHiddenField(_ index: Int, into frame: UnsafeMutableBufferPointer<Float>) {
        precondition(index == 0, "DendriteStepper: hidden field \(index)")
        render(temperature, into: frame)
    }

    private func render(_ grid: PaddedGrid, into frame: UnsafeMutableBufferPointer<Float>) {
        blockAverage(
            grid.interior, rowStride: grid.stride, size: grid.size,
            factor: grid.size / parameters.outputSize, into: frame)
    }

    mutating func advance(steps: Int) {
        for _ in 0..<steps { step() }
    }

    /// One explicit step of dt.
    mutating func step() {
        let n = parameters.gridSize
        let key = UInt32(truncatingIfNeeded: SplitMix64.derivedSeed(master: noiseSeed, index: UInt64(stepCount)))
        let pass = DendritePass(parameters: parameters)
        let phase = phase, temperature = temperature, nextPhase = nextPhase, nextTemperature = nextTemperature
        let fluxB = fluxB, fluxC = fluxC, epsilonSquared = epsilonSquared
        forEachRowBand(rows: n, columns: n) { rows in
            pass.anisotropy(phase: phase, fluxB: fluxB, fluxC: fluxC, epsilonSquared: epsilonSquared, rows: rows)
        }
        fluxB.mirrorWalls()
        fluxC.mirrorWalls()
        epsilonSquared.mirrorWalls()
        forEachRowBand(rows: n, columns: n) { rows in
            pass.update(
                phase: phase, temperature: temperature, fluxB: fluxB, fluxC: fluxC,
                epsilonSquared: epsilonSquared, nextPhase: nextPhase, nextTemperature: nextTemperature,
                noiseKey: key, rows: rows)
        }
        nextPhase.mirrorWalls()
        nextTemperature.mirrorWalls()
        swap(&self.phase, &self.nextPhase)
        swap(&self.temperature, &self.nextTemperature)
        stepCount += 1
    }
}

/// The per-step constants in Float and the two stencil passes.
private struct DendritePass {
    let inverseTwoDx: Float, inverseDxSquared: Float
    let epsilon0: Float, delta: Float
    let cosineOrientation: Float, sineOrientation: Float
    let dtOverTau: Float, timeStep: Float, latentHeat: Float
    let alphaOverPi: Float, gamma: Float, equilibriumTemperature: Float, noiseAmplitude: Float

    init(parameters p: DendriteParameters) {
        inverseTwoDx = Float(1 / (2 * p.gridSpacing))
        inverseDxSquared = Float(1 / (p.gridSpacing * p.gridSpacing))
        epsilon0 = Float(p.interfaceWidth)
        delta = Float(p.anisotropyStrength)
        cosineOrientation = Float(cos(Double(DendriteParameters.symmetry) * p.orientation))
        sineOrientation = Float(sin(Double(DendriteParameters.symmetry) * p.orientation))
        dtOverTau = Float(p.timeStep / p.relaxationTime)
        timeStep = Float(p.timeStep)
        latentHeat = Float(p.latentHeat)
        alphaOverPi = Float(p.alpha / Double.pi)
        gamma = Float(p.gamma)
        equilibriumTemperature = Float(p.equilibriumTemperature)
        noiseAmplitude = Float(p.noiseAmplitude)
    }

    /// Pass 1 on `rows`: B = εε'φx, C = εε'φy, E = ε².
    func anisotropy(
        phase: PaddedGrid, fluxB: PaddedGrid, fluxC: PaddedGrid, epsilonSquared: PaddedGrid, rows: Range<Int>
    ) {
        let stride = phase.stride, vectors = phase.vectorsPerRow
        let symmetry = Float(DendriteParameters.symmetry)
        for row in rows {
            let offset = (row + 1) * stride
            let center = phase.storage + offset, up = center - stride, down = center + stride
            let b = fluxB.storage + offset, c = fluxC.storage + offset, e = epsilonSquared.storage + offset
            for vector in 0..<vectors {
                let column = 1 &+ 8 &* vector
                let phiX = (center.lanes(at: column &+ 1) - center.lanes(at: column &- 1)) * inverseTwoDx
                let phiY = (down.lanes(at: column) - up.lanes(at: column)) * inverseTwoDx
                let squared = phiX * phiX + phiY * phiY
                let defined = squared .> 1e-20
                let inverseNorm = Lanes.zero.replacing(with: 1 / squared.squareRoot(), where: defined)
                let unitX = Lanes.one.replacing(with: phiX * inverseNorm, where: defined)
                let unitY = phiY * inverseNorm
                // (unitX + i unitY)^6 = (cos 6θ, sin 6θ)
                let re2 = unitX * unitX - unitY * unitY, im2 = 2 * unitX * unitY
                let re3 = re2 * unitX - im2 * unitY, im3 = re2 * unitY + im2 * unitX
                let cos6 = re3 * re3 - im3 * im3, sin6 = 2 * re3 * im3
                let cosine = cos6 * cosineOrientation + sin6 * sineOrientation
                let sine = sin6 * cosineOrientation - cos6 * sineOrientation
                let epsilon = epsilon0 * (1 + delta * cosine)
                let epsilonPrime = (-epsilon0 * delta * symmetry) * sine
                let product = epsilon * epsilonPrime
                b.setLanes(product * phiX, at: column)
                c.setLanes(product * phiY, at: column)
                e.setLanes(epsilon * epsilon, at: column)
            }
        }
    }

    /// Pass 2 on `rows`: new φ and T from the old fields and pass 1's B, C, E.
    func update(
        phase: PaddedGrid, temperature: PaddedGrid, fluxB: PaddedGrid, fluxC: PaddedGrid,
        epsilonSquared: PaddedGrid, nextPhase: PaddedGrid, nextTemperature: PaddedGrid,
        noiseKey: UInt32, rows: Range<Int>
    ) {
        let n = phase.size, stride = phase.stride, vectors = phase.vectorsPerRow
        for row in rows {
            let offset = (row + 1) * stride
            let phi = phase.storage + offset, t = temperature.storage + offset
            let b = fluxB.storage + offset, c = fluxC.storage + offset, e = epsilonSquared.storage + offset
            let newPhi = nextPhase.storage + offset, newT = nextTemperature.storage + offset
            let counterBase = UInt32(truncatingIfNeeded: row &* n)
            for vector in 0..<vectors {
                let column = 1 &+ 8 &* vector
                let left = column &- 1, right = column &+ 1
                let p = phi.lanes(at: column), eCenter = e.lanes(at: column)
                let crossTerms = ((b + stride).lanes(at: column) - (b - stride).lanes(at: column)
                    - c.lanes(at: right) + c.lanes(at: left)) * inverseTwoDx
                let westEast = (eCenter + e.lanes(at: left)) * (phi.lanes(at: left) - p)
                    + (eCenter + e.lanes(at: right)) * (phi.lanes(at: right) - p)
                let northSouth = (eCenter + (e - stride).lanes(at: column)) * ((phi - stride).lanes(at: column) - p)
                    + (eCenter + (e + stride).lanes(at: column)) * ((phi + stride).lanes(at: column) - p)
                let gradientEnergy = (westEast + northSouth) * (0.5 * inverseDxSquared)
                let tCenter = t.lanes(at: column)
                let drivingForce = alphaOverPi * fastArctangent(gamma * (equilibriumTemperature - tCenter))
                let doubleWell = p * (1 - p)
                let uniform = counterUniform(key: noiseKey, firstCounter: counterBase &+ UInt32(truncatingIfNeeded: column))
                let rhs = crossTerms + gradientEnergy + doubleWell * (p - 0.5 + drivingForce)
                    + noiseAmplitude * doubleWell * (uniform - 0.5)
                let change = dtOverTau * rhs
                newPhi.setLanes(flushingTinyValues(p + change), at: column)
                let laplacianT = (t.lanes(at: left) + t.lanes(at: right) + (t - stride).lanes(at: column)
                    + (t + stride).lanes(at: column) - 4 * tCenter) * inverseDxSquared
                newT.setLanes(flushingTinyValues(tCenter + timeStep * laplacianT + latentHeat * change), at: column)
            }
        }
    }
}
