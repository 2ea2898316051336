public import Autodiff

/// How a loss combines per-element errors.
public enum LossReduction: Sendable {
    /// Average over all elements (PyTorch's default; OpenSTL's E3D-LSTM loss).
    case mean
    /// Sum over all elements (the TensorFlow E3D-LSTM's un-normalised loss).
    case sum
}

/// Squared error: `Σ (p − t)²`, divided by the element count for `.mean`. Shape `[]`.
/// - Precondition: equal shapes.
public func meanSquaredError(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean) -> Variable {
    precondition(prediction.shape == target.shape, "meanSquaredError: prediction \(prediction.shape) vs target \(target.shape)")
    let squared = square(prediction - target)
    return reduction == .mean ? squared.mean() : squared.sum()
}

/// Absolute error (L1): `Σ |p − t|`, divided by the element count for `.mean`. Shape `[]`.
/// The subgradient at p = t is 0.
/// - Precondition: equal shapes.
public func meanAbsoluteError(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean) -> Variable {
    precondition(prediction.shape == target.shape, "meanAbsoluteError: prediction \(prediction.shape) vs target \(target.shape)")
    let absolute = abs(prediction - target)
    return reduction == .mean ? absolute.mean() : absolute.sum()
}
