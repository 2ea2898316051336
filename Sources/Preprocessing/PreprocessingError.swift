/// Errors thrown while parsing, validating or applying a preprocessing recipe.
///
/// Every case names the step (its position and kind) and says how to fix the problem. All of
/// them are raised before any pixel is touched: `Pipeline.apply` validates the whole recipe
/// against the input shape first.
public enum PreprocessingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The step kind is not one of `PreprocessingStep.kinds`.
    case unknownStep(index: Int, kind: String)
    /// A parameter has a value outside its allowed range, or the wrong type.
    case invalidParameter(index: Int, kind: String, parameter: String, problem: String)
    /// A parameter the step does not know.
    case unknownParameter(index: Int, kind: String, parameter: String)
    /// The step cannot be applied to a stack of this shape (e.g. a crop outside the frame).
    case incompatibleShape(index: Int, kind: String, shape: [Int], problem: String)
    /// An intermediate stack would need more memory than the limit allows.
    case exceedsMemory(index: Int, kind: String, shape: [Int], bytes: Int, limit: Int)
    /// The recipe text (CLI spec or TOML file) could not be read.
    case syntax(line: Int, text: String, problem: String)
    /// The input is not a `[T, H, W]` stack with at least one frame.
    case invalidInput(shape: [Int], problem: String)

    public var description: String {
        switch self {
        case let .unknownStep(index, kind):
            return "step \(index + 1): unknown step '\(kind)'. Known steps: "
                + PreprocessingStep.kinds.joined(separator: ", ") + "."
        case let .invalidParameter(index, kind, parameter, problem):
            return "step \(index + 1) (\(kind)): parameter '\(parameter)' \(problem)."
        case let .unknownParameter(index, kind, parameter):
            let known = PreprocessingStep.parameterNames(of: kind).joined(separator: ", ")
            return "step \(index + 1) (\(kind)): unknown parameter '\(parameter)'. "
                + "Known parameters: \(known.isEmpty ? "none" : known)."
        case let .incompatibleShape(index, kind, shape, problem):
            return "step \(index + 1) (\(kind)): cannot apply to a stack of shape \(shape): \(problem)."
        case let .exceedsMemory(index, kind, shape, bytes, limit):
            return "step \(index + 1) (\(kind)): the output \(shape) needs \(bytes / 1_048_576) MiB, "
                + "more than the \(limit / 1_048_576) MiB limit. Crop, subsample frames or resize first."
        case let .syntax(line, text, problem):
            return "recipe line \(line): '\(text)': \(problem)."
        case let .invalidInput(shape, problem):
            return "input stack of shape \(shape): \(problem). Expected Float32 [T, H, W] with T, H, W ≥ 1."
        }
    }
}
