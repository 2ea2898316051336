/// Errors a caller can cause: a bad configuration, input the model cannot handle, or a
/// checkpoint that does not fit. Each description names the problem and the remedy.
public enum E3DLSTMError: Error, CustomStringConvertible, Equatable {
    /// A configuration value is out of range.
    case invalidConfiguration(field: String, value: String, requirement: String)
    /// A training option is out of range.
    case invalidTrainingOption(field: String, value: String, requirement: String)
    /// The input tensor's rank is not one of the accepted layouts.
    case unsupportedInputRank(shape: [Int], accepted: String)
    /// The input has a different channel count than the model was built for.
    case wrongChannelCount(expected: Int, found: Int, shape: [Int])
    /// The grid is not divisible by the patch size.
    case gridNotDivisibleByPatch(height: Int, width: Int, patchSize: Int)
    /// The sequence is too short (no context frame, or a training clip without a target).
    case tooFewFrames(found: Int, needed: Int, purpose: String)
    /// A checkpoint misses a field or carries a malformed one.
    case malformedCheckpoint(reason: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let value, let requirement):
            return "E3D-LSTM configuration: \(field) = \(value), but it must be \(requirement); fix the model configuration."
        case .invalidTrainingOption(let field, let value, let requirement):
            return "E3D-LSTM training options: \(field) = \(value), but it must be \(requirement); fix the training options."
        case .unsupportedInputRank(let shape, let accepted):
            return "E3D-LSTM input of shape \(shape) is not \(accepted); reshape the frames to that layout."
        case .wrongChannelCount(let expected, let found, let shape):
            return "E3D-LSTM input of shape \(shape) has \(found) channel(s), the model was trained on \(expected); convert the frames (e.g. to grayscale) or train a model with inputChannels = \(found)."
        case .gridNotDivisibleByPatch(let height, let width, let patchSize):
            return "E3D-LSTM input grid \(height)×\(width) is not divisible by the patch size \(patchSize); crop or resize the frames to multiples of \(patchSize)."
        case .tooFewFrames(let found, let needed, let purpose):
            return "E3D-LSTM \(purpose) needs at least \(needed) frame(s), got \(found); supply a longer sequence."
        case .malformedCheckpoint(let reason):
            return "E3D-LSTM checkpoint is unusable (\(reason)); it was not written by E3DLSTMTrainer.checkpoint() or is corrupt — use another checkpoint."
        }
    }
}
