import Foundation
import Tensor

/// Summaries of forward runs over a ``BankDesign``: the amortised part of inference.
///
/// Building it is the expensive step (one forward run per design point, all cores busy); the
/// result is a plain `Codable` value that `Workflows` stores and reuses for every observed stack
/// of the same forward-model configuration. Only summaries (`[frames, features]` per run) are
/// kept, not frames.
public struct SimulationBank: Codable, Sendable {
    /// Version of ``SummaryStatistics``; a bank from another version must be rebuilt.
    public static let summaryVersion = 1

    /// The design the runs follow.
    public let design: BankDesign
    /// Model time between consecutive simulated frames.
    public let frameInterval: Double
    /// Frames per simulation.
    public let frameCount: Int
    /// `[H, W]` of the simulated frames.
    public let imageShape: [Int]
    /// The runs, in design order.
    public let runs: [BankRun]
    /// Free text from the caller identifying the forward-model configuration (e.g. a hash).
    public let label: String
    /// Summary version the runs were computed with.
    public let summaryVersion: Int
    /// Sum of the forward-run wall times, in seconds (core-seconds, not elapsed time).
    public let simulationSeconds: Double

    /// A bank from already computed runs.
    /// - Precondition: `runs` non-empty, all with `frameCount` frames.
    public init(
        design: BankDesign, frameInterval: Double, imageShape: [Int], runs: [BankRun], label: String = "",
        simulationSeconds: Double = 0
    ) {
        precondition(!runs.isEmpty, "SimulationBank: no runs")
        let frames = runs[0].summaries[0].frameCount
        precondition(runs.allSatisfy { run in run.summaries.allSatisfy { $0.frameCount == frames } }, "SimulationBank: runs differ in frame count")
        precondition(runs.allSatisfy { $0.summaries.count == design.blurLevels.count }, "SimulationBank: runs lack blur levels \(design.blurLevels)")
        self.design = design
        self.frameInterval = frameInterval
        self.frameCount = frames
        self.imageShape = imageShape
        self.runs = runs
        self.label = label
        self.summaryVersion = Self.summaryVersion
        self.simulationSeconds = simulationSeconds
    }

    /// Runs `model` at every design point in parallel (both cores) and summarises each stack.
    ///
    /// - Parameters:
    ///   - model: the forward model; must know `design.parameter` and every nuisance name.
    ///   - design: the parameter nodes, replicates and nuisance ranges.
    ///   - label: identifies the model configuration in provenance records.
    ///   - progress: called after each run, from worker threads and possibly concurrently.
    /// - Throws: ``InferenceError/unknownParameter(name:known:)``, shape errors, or whatever
    ///   the model throws.
    public static func build(
        model: some ForwardModel, design: BankDesign, label: String = "",
        progress: (@Sendable (BankProgress) -> Void)? = nil
    ) throws -> SimulationBank {
        try validate(design: design, for: model)
        let timed = try ParallelRunner.map(count: design.runCount, progress: progress) { index in
            let (parameters, seed) = design.run(index)
            let start = ContinuousClock.now
            let frames = try model.simulate(parameters: parameters, seed: seed)
            guard frames.rank == 3 else { throw InferenceError.badSimulationShape(shape: frames.shape) }
            let run = BankRun(
                value: parameters[design.parameter]!, parameters: parameters, seed: seed,
                summaries: design.blurLevels.map { SummaryStatistics.series(of: GaussianBlur.blurred(frames, sigma: $0)) })
            return (run, frames.shape, (ContinuousClock.now - start).seconds)
        }
        let shape = timed[0].1
        for entry in timed where entry.1 != shape {
            throw InferenceError.inconsistentSimulation(expected: shape, found: entry.1)
        }
        return SimulationBank(
            design: design, frameInterval: model.frameInterval, imageShape: Array(shape.dropFirst()),
            runs: timed.map(\.0), label: label, simulationSeconds: timed.reduce(0) { $0 + $1.2 })
    }

    /// Throws unless the model knows the design's parameter, nuisance and fixed names.
    static func validate(design: BankDesign, for model: some ForwardModel) throws {
        let known = model.parameterNames
        for name in [design.parameter] + design.nuisances.keys.sorted() + design.fixed.keys.sorted()
        where !known.contains(name) {
            throw InferenceError.unknownParameter(name: name, known: known)
        }
    }
}
