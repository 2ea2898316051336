/// Errors a simulator throws: bad parameters are caught before any work, blow-ups at a frame.
public enum SimulationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is outside the range the model is defined or validated for.
    case invalidParameter(model: PhenomenonKind, name: String, value: Double, allowed: String)
    /// The explicit time step exceeds the stability bound of the scheme.
    case unstableTimeStep(model: PhenomenonKind, timeStep: Double, limit: Double, bound: String)
    /// A field became NaN or infinite; the frame index is the first one affected.
    case nonFiniteValue(model: PhenomenonKind, frame: Int)

    public var description: String {
        switch self {
        case let .invalidParameter(model, name, value, allowed):
            return "\(model.rawValue): parameter '\(name)' = \(value) is out of range; use \(allowed)."
        case let .unstableTimeStep(model, timeStep, limit, bound):
            return "\(model.rawValue): time step \(timeStep) exceeds the explicit stability limit "
                + "\(limit) (\(bound)); lower the time step to at most \(limit)."
        case let .nonFiniteValue(model, frame):
            return "\(model.rawValue): the field became NaN or infinite by frame \(frame); "
                + "lower the time step or check the parameters."
        }
    }
}

/// Throws `invalidParameter` unless `value` lies in `range` (used by every parameter struct).
func requireParameter(
    _ value: Double, in range: ClosedRange<Double>, name: String, model: PhenomenonKind
) throws {
    guard value.isFinite, range.contains(value) else {
        throw SimulationError.invalidParameter(
            model: model, name: name, value: value,
            allowed: "a value in [\(range.lowerBound), \(range.upperBound)]")
    }
}

/// Throws `invalidParameter` unless the integer `value` lies in `range`.
func requireParameter(
    _ value: Int, in range: ClosedRange<Int>, name: String, model: PhenomenonKind
) throws {
    guard range.contains(value) else {
        throw SimulationError.invalidParameter(
            model: model, name: name, value: Double(value),
            allowed: "an integer in [\(range.lowerBound), \(range.upperBound)]")
    }
}

/// Throws `invalidParameter` unless `outputSize` divides `gridSize` (block averaging).
func requireDivisor(
    _ outputSize: Int, of gridSize: Int, name: String, model: PhenomenonKind
) throws {
    guard outputSize >= 1, outputSize <= gridSize, gridSize % outputSize == 0 else {
        throw SimulationError.invalidParameter(
            model: model, name: name, value: Double(outputSize),
            allowed: "a divisor of the grid size \(gridSize) (e.g. \(gridSize / 4))")
    }
}
