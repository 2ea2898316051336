public import Autodiff
import Tensor

/// Scales all gradients by one factor so that their global L2 norm is at most `maximumNorm`.
///
/// ```
/// n = √(Σ_params Σ g²)      if n > maximumNorm: g ← g · maximumNorm / n
/// ```
/// (Pascanu et al. 2013; PyTorch `clip_grad_norm_` without its 1e-6 guard.) Parameters without
/// a gradient are ignored.
/// - Returns: the global norm before clipping (useful to log).
/// - Precondition: `maximumNorm > 0`.
@discardableResult
public func clipGradientsByGlobalNorm(_ parameters: [(String, Variable)], maximumNorm: Float) -> Float {
    precondition(maximumNorm > 0, "clipGradientsByGlobalNorm: maximumNorm \(maximumNorm) ≤ 0")
    let squares = parameters.reduce(0.0) { $0 + ($1.1.grad?.sumOfSquares ?? 0) }
    let norm = Float(squares.squareRoot())
    if norm > maximumNorm {
        let factor = maximumNorm / norm
        for (_, parameter) in parameters where parameter.grad != nil { parameter.grad! *= factor }
    }
    return norm
}
