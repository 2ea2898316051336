import Inference
import Tensor

/// Shared test inputs: one small bank of the analytic star model, reused by several suites.
enum Fixtures {
    static let model = StarForwardModel()
    static let design = BankDesign(
        prior: 0.8...2.4, count: 12, replicates: 3, nuisances: ["nucleusRadius": 1.5...2.5], seed: 11, blurLevels: [0])
    // The bank takes ~2 s in a debug build; built once per test process.
    // swiftlint:disable:next force_try
    static let bank: SimulationBank = try! SimulationBank.build(model: model, design: design, label: "star-test")

    /// A small SBC of the bank (20 stacks, time origin up to 2 frames late, pixel noise 0.05),
    /// shared by the tests that need calibrated intervals.
    // swiftlint:disable:next force_try
    static let calibration: CalibrationReport = try! Calibration.run(
        model: model, bank: bank,
        design: CalibrationDesign(count: 20, seed: 77, maximumCrop: 2, observedFrames: 20, pixelNoise: 0.05),
        options: fastOptions)

    /// Options sized for debug-build tests (coarser grids than the defaults).
    static var fastOptions: InferenceOptions {
        var options = InferenceOptions()
        options.gridCount = 81
        options.refinedGridCount = 61
        options.shiftStep = 0.5
        options.maximumTimeShift = 3
        options.scaleSteps = 7
                return options
    }

    /// Frames of uniform noise in [0, 1].
    static func noise(frames: Int, side: Int, seed: UInt64) -> Tensor {
        var generator = SplitMix64(seed: seed)
        return Tensor(shape: [frames, side, side], scalars: (0..<(frames * side * side)).map { _ in generator.nextUniform() })
    }

    /// A grain-growth-like texture: bright Voronoi cells with dark boundaries, coarsening from
    /// 40 to 8 cells over the stack.
    static func grainTexture(frames: Int, side: Int, seed: UInt64) -> Tensor {
        var generator = SplitMix64(seed: seed)
        let seeds = (0..<40).map { _ in (Double(generator.nextUniform()) * Double(side), Double(generator.nextUniform()) * Double(side)) }
        var scalars = [Float]()
        for t in 0..<frames {
            let alive = 40 - 32 * t / max(frames - 1, 1)
            for i in 0..<side {
                for j in 0..<side {
                    var best = Double.infinity, second = Double.infinity
                    for (y, x) in seeds.prefix(alive) {
                        let d = ((Double(i) - y) * (Double(i) - y) + (Double(j) - x) * (Double(j) - x)).squareRoot()
                        if d < best { second = best; best = d } else if d < second { second = d }
                    }
                    scalars.append(second - best < 1.2 ? 0.2 : 1)
                }
            }
        }
        return Tensor(shape: [frames, side, side], scalars: scalars)
    }

    /// Drops the first `crop` frames of a stack and keeps every `stride`-th frame.
    static func observe(_ frames: Tensor, crop: Int, stride: Int = 1) -> Tensor {
        let (t, h, w) = (frames.shape[0], frames.shape[1], frames.shape[2])
        let kept = Array(Swift.stride(from: crop, to: t, by: stride))
        return Tensor(shape: [kept.count, h, w], scalars: kept.flatMap { frames.scalars[($0 * h * w)..<(($0 + 1) * h * w)] })
    }
}
