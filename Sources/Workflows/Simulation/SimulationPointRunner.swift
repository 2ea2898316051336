import PhaseField
public import Tensor

/// Runs a sweep point on the phase-field simulators: decodes the point's model and typed
/// parameters and returns `frames` (plus hidden fields when the model has them).
public struct SimulationPointRunner: PointRunner {
    public init() {}

    public func run(_ point: SweepPoint) throws -> [String: Tensor] {
        guard let kind = PhenomenonKind(rawValue: point.model) else {
            throw OperandoError(.dataError, "unknown model '\(point.model)' in sweep point \(point.id.prefix(12))")
        }
        let result: SimulationResult
        switch kind {
        case .dendrite:
            result = try DendriteSimulator(try point.decodeParameters(DendriteParameters.self)).run(seed: point.seed)
        default:
            throw OperandoError(.usage, "the \(kind.rawValue) simulator is not available in this build")
        }
        return ["frames": result.frames]
    }
}
