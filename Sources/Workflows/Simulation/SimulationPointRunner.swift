import PhaseField
public import Tensor

/// Runs a sweep point on the phase-field simulators: the point's `{model, parameters}` is a
/// `SimulationSpec`; returns `frames` `[T, H, W]` in [0, 1].
public struct SimulationPointRunner: PointRunner {
    public init() {}

    public func run(_ point: SweepPoint) throws -> [String: Tensor] {
        guard PhenomenonKind(rawValue: point.model) != nil else {
            throw OperandoError(.dataError, "unknown model '\(point.model)' in sweep point \(point.id.prefix(12))")
        }
        let spec = try JSON.decode(SimulationSpec.self, from: try JSON.encode(["model": JSONValue.string(point.model), "parameters": point.parameters]))
        return ["frames": try spec.run(seed: point.seed).frames]
    }
}
