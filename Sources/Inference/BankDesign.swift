import Tensor

/// Which simulations a ``SimulationBank`` holds: `count` evenly spaced values of one parameter
/// over its prior range (end points included), each run `replicates` times with different seeds.
///
/// Nuisance parameters that the forward model takes (e.g. a nucleus radius or an orientation θ0)
/// are drawn uniformly from their ranges, independently for every run. Their effect on the
/// summaries then shows up in the replicate scatter, so the likelihood covariance marginalises
/// them. Time origin and time scale are not simulated: the inferencer handles them by warping the
/// simulated summary curves. Optical blur is not simulated either: every run is summarised once
/// per entry of `blurLevels` (the frames blurred with that Gaussian σ in pixels), and the
/// inferencer treats the observation's blur as a nuisance between the first and last level.
public struct BankDesign: Codable, Sendable, Equatable {
    /// Name of the inferred parameter, as the forward model spells it.
    public var parameter: String
    /// Uniform prior range of the inferred parameter; also the span of the bank nodes.
    public var prior: ClosedRange<Double>
    /// Number of distinct parameter values (nodes).
    public var count: Int
    /// Runs (seeds) per node.
    public var replicates: Int
    /// Nuisance parameters drawn uniformly per run.
    public var nuisances: [String: ClosedRange<Double>]
    /// Parameters held at one value for every run.
    public var fixed: [String: Double]
    /// Master seed; run `i` uses `SplitMix64.derivedSeed(master: seed, index: i)`.
    public var seed: UInt64
    /// Gaussian blur σ (pixels) of the summarised copies of each run, increasing from 0.
    /// `[0]` = blur not a nuisance (observations as sharp as the simulations).
    public var blurLevels: [Double]

    /// - Precondition: `count ≥ 2`, `replicates ≥ 1`, `prior` not a single point.
    public init(
        parameter: String = "K", prior: ClosedRange<Double>, count: Int = 20, replicates: Int = 4,
        nuisances: [String: ClosedRange<Double>] = [:], fixed: [String: Double] = [:], seed: UInt64 = 1,
        blurLevels: [Double] = [0, 0.75, 1.5]
    ) {
        precondition(blurLevels.first == 0 && zip(blurLevels, blurLevels.dropFirst()).allSatisfy { $0 < $1 },
                     "BankDesign: blur levels \(blurLevels) must start at 0 and increase")
        precondition(count >= 2 && replicates >= 1, "BankDesign: count \(count), replicates \(replicates)")
        precondition(prior.upperBound > prior.lowerBound, "BankDesign: empty prior \(prior)")
        self.parameter = parameter
        self.prior = prior
        self.count = count
        self.replicates = replicates
        self.nuisances = nuisances
        self.fixed = fixed
        self.seed = seed
        self.blurLevels = blurLevels
    }

    /// Total number of forward runs, `count × replicates`.
    public var runCount: Int { count * replicates }

    /// The parameter nodes, evenly spaced from `prior.lowerBound` to `prior.upperBound`.
    public var nodes: [Double] {
        (0..<count).map { prior.lowerBound + (prior.upperBound - prior.lowerBound) * Double($0) / Double(count - 1) }
    }

    /// Parameters and seed of run `index` (node `index / replicates`, replicate `index % replicates`).
    public func run(_ index: Int) -> (parameters: [String: Double], seed: UInt64) {
        precondition(index >= 0 && index < runCount, "BankDesign.run: index \(index) of \(runCount)")
        let seed = SplitMix64.derivedSeed(master: self.seed, index: UInt64(index))
        var generator = SplitMix64(seed: seed ^ 0x5EED_0F_A11_5EED)
        return (parameters(value: nodes[index / replicates], using: &generator), seed)
    }

    /// The fixed parameters, every nuisance drawn uniformly from its range (one draw of
    /// `generator` each, in name order) and the inferred parameter at `value`.
    func parameters(value: Double, using generator: inout SplitMix64) -> [String: Double] {
        var parameters = fixed
        for name in nuisances.keys.sorted() {
            let range = nuisances[name]!
            parameters[name] = range.lowerBound + (range.upperBound - range.lowerBound) * Double(generator.nextUniform())
        }
        parameters[parameter] = value
        return parameters
    }
}
