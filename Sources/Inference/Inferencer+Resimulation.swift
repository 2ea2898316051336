import Tensor

extension Inferencer {
    /// Mean summaries of `runs` forward runs at `estimate`, in the emulator's bank-frame layout
    /// `[frame * width + column]`: nuisances drawn uniformly from the bank design, run `i` seeded
    /// from `SplitMix64.derivedSeed(master: seed, index: i)` (so two models given the same `seed`
    /// see the same nuisances and seeds), frames blurred by `blur` pixels before summarising.
    /// - Throws: ``InferenceError/unknownParameter(name:known:)``,
    ///   ``InferenceError/inconsistentSimulation(expected:found:)`` for runs shorter than the bank's,
    ///   or whatever the model throws.
    func resimulatedMean(
        model: some ForwardModel, at estimate: Double, blur: Double, runs: Int, seed: UInt64,
        progress: (@Sendable (BankProgress) -> Void)?
    ) throws -> [Double] {
        try SimulationBank.validate(design: bank.design, for: model)
        let design = bank.design
        let simulated = try ParallelRunner.map(count: runs, progress: progress) { index in
            var generator = SplitMix64(seed: SplitMix64.derivedSeed(master: seed, index: UInt64(index)))
            let parameters = design.parameters(value: estimate, using: &generator)
            let frames = try model.simulate(parameters: parameters, seed: generator.next())
            return SummaryStatistics.series(of: GaussianBlur.blurred(frames, sigma: blur))
        }
        let width = likelihood.width
        var mean = [Double](repeating: 0, count: likelihood.frameCount * width)
        for series in simulated {
            guard series.frameCount >= likelihood.frameCount else {
                throw InferenceError.inconsistentSimulation(expected: [likelihood.frameCount] + bank.imageShape, found: [series.frameCount])
            }
            for frame in 0..<likelihood.frameCount {
                for (c, column) in likelihood.columns.enumerated() {
                    mean[frame * width + c] += series.value(frame: frame, column: column) / Double(runs)
                }
            }
        }
        return mean
    }

    /// The best-fit nuisance setting of `result` (time shift, time scale, blur).
    func bestWarp(of result: InferenceResult) -> LikelihoodTable.Warp {
        LikelihoodTable.Warp(shift: result.timeShift.best, scale: result.timeScale.best, blur: result.blur.best, logWeight: 0)
    }
}
