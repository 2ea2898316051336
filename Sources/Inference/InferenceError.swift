/// Runtime failures of the inference engine; each message says how to fix the input.
public enum InferenceError: Error, CustomStringConvertible, Equatable {
    /// A design names a parameter the forward model does not know.
    case unknownParameter(name: String, known: [String])
    /// The forward model returned something that is not a `[T, H, W]` stack.
    case badSimulationShape(shape: [Int])
    /// Simulations in one bank disagree in frame count or image size.
    case inconsistentSimulation(expected: [Int], found: [Int])
    /// The observed stack is not `[T, H, W]` or has too few frames.
    case badObservation(shape: [Int], minimumFrames: Int)
    /// No time origin / time scale in the allowed range maps the observed frames into the
    /// simulated time span.
    case observationLongerThanBank(observedFrames: Int, bankFrames: Int)
    /// A bank too small for the emulator (needs at least 4 distinct parameter nodes).
    case bankTooSmall(nodes: Int)
    /// A calibration produced no usable stacks.
    case calibrationEmpty

    public var description: String {
        switch self {
        case .unknownParameter(let name, let known):
            return "The forward model has no parameter '\(name)' (it knows \(known)). "
                + "Use one of its names in the bank design."
        case .badSimulationShape(let shape):
            return "The forward model returned a tensor of shape \(shape); expected frames [T, H, W]. "
                + "Fix the forward-model adapter."
        case .inconsistentSimulation(let expected, let found):
            return "A simulation returned shape \(found) where earlier runs returned \(expected). "
                + "Every run of one bank must have the same frame count and grid."
        case .badObservation(let shape, let minimumFrames):
            return "The observed stack has shape \(shape); expected [T, H, W] with T ≥ \(minimumFrames). "
                + "Import a longer stack or reduce the number of summary time points."
        case .observationLongerThanBank(let observedFrames, let bankFrames):
            return "The observed stack spans \(observedFrames) frames but the bank simulations only "
                + "\(bankFrames) (after the allowed time shift and scale). Rebuild the bank with longer "
                + "rollouts, crop the stack, or narrow the time-scale range."
        case .bankTooSmall(let nodes):
            return "The bank has \(nodes) distinct parameter values; the emulator needs at least 4. "
                + "Increase BankDesign.count."
        case .calibrationEmpty:
            return "The calibration has no stacks. Ask for at least one calibration stack."
        }
    }
}
