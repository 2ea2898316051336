import PhaseField
import Tensor

/// What a user asks `operando simulate` for; turns into a manifest of exact, typed points.
public struct SweepRequest: Sendable {
    public var model: String
    public var name: String?
    public var count: Int
    public var frames: Int
    public var seed: UInt64
    /// Ranges by parameter name (`K`, `theta0`), each `low...high`.
    public var ranges: [String: ClosedRange<Double>]
    /// Simulation grid side (default per model) and output frame side.
    public var gridSize: Int?
    public var outputSize: Int?

    public init(model: String, name: String?, count: Int, frames: Int, seed: UInt64, ranges: [String: ClosedRange<Double>], gridSize: Int?, outputSize: Int?) {
        self.model = model
        self.name = name
        self.count = count
        self.frames = frames
        self.seed = seed
        self.ranges = ranges
        self.gridSize = gridSize
        self.outputSize = outputSize
    }

    /// The manifest: point i draws its parameters from `SplitMix64(derivedSeed(seed, i))` and
    /// takes the generator's next value as its own noise seed — independent of run order.
    /// - Throws: for an unknown model, range name or invalid parameters (before any work).
    public func manifest() throws -> SweepManifest {
        guard count >= 1 else { throw OperandoError(.usage, "--count must be at least 1") }
        guard let kind = PhenomenonKind(rawValue: model) else {
            throw OperandoError(.usage, "unknown model '\(model)'; choose one of \(PhenomenonKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var points: [SweepPoint] = []
        for index in 0..<count {
            var generator = SplitMix64(seed: SplitMix64.derivedSeed(master: seed, index: UInt64(index)))
            let spec: SimulationSpec
            switch kind {
            case .dendrite:
                try checkRanges(allowed: ["K", "theta0"])
                var parameters = DendriteParameters.sample(
                    latentHeat: ranges["K"] ?? 1.2...2.0, orientation: ranges["theta0"] ?? 0...(Double.pi / 3), using: &generator)
                parameters.frameCount = frames
                if let gridSize { parameters.gridSize = gridSize }
                if let outputSize { parameters.outputSize = outputSize }
                spec = .dendrite(parameters)
            case .grainGrowth:
                try checkRanges(allowed: [])
                var parameters = GrainGrowthParameters.sample(using: &generator)
                parameters.frameCount = frames
                if let gridSize { parameters.gridSize = gridSize }
                if let outputSize { parameters.outputSize = outputSize }
                spec = .grainGrowth(parameters)
            case .spinodal:
                try checkRanges(allowed: [])
                var parameters = SpinodalParameters.sample(using: &generator)
                parameters.frameCount = frames
                if let gridSize = gridSize ?? outputSize { parameters.gridSize = gridSize }
                spec = .spinodal(parameters)
            case .planeWave:
                try checkRanges(allowed: [])
                var parameters = PlaneWaveParameters.sample(using: &generator)
                parameters.frameCount = frames
                if let gridSize = gridSize ?? outputSize { parameters.gridSize = gridSize }
                spec = .planeWave(parameters)
            }
            try spec.validate()
            let encoded = try JSON.decode(JSONValue.self, from: try JSON.encode(spec))
            points.append(SweepPoint(model: model, parameters: encoded["parameters"] ?? .null, seed: generator.next()))
        }
        var request = ["count": String(count), "frames": String(frames), "seed": String(seed)]
        for (name, range) in ranges { request[name] = "\(range.lowerBound):\(range.upperBound)" }
        if let gridSize { request["grid"] = String(gridSize) }
        if let outputSize { request["output"] = String(outputSize) }
        let description = SweepDescription(
            model: model, name: name ?? "\(model)-\(count)x\(frames)-seed\(seed)", masterSeed: seed, count: count, request: request)
        return SweepManifest(description: description, points: points)
    }

    private func checkRanges(allowed: Set<String>) throws {
        for name in ranges.keys where !allowed.contains(name) {
            throw OperandoError(.usage, "\(model) has no parameter '\(name)'; it takes \(allowed.sorted().joined(separator: ", "))")
        }
    }
}
