public import Autodiff
import Tensor

/// Layer normalisation per sample with a per-channel affine.
///
/// For input `[N, C, …]` (`[N, C, H, W]` or `[N, C, D, H, W]`), the mean and variance are taken
/// per sample over **all non-batch axes: C, (D), H, W**; the gain γ and shift β are per channel:
/// ```
/// y[n, c, …] = γ[c] · (x[n, c, …] − μₙ) / √(σ²ₙ + ε) + β[c]
/// ```
/// This is TensorFlow's `layer_norm` as the E3D-LSTM code uses it. Unlike PyTorch's
/// `nn.LayerNorm([C, H, W])` (a gain per element) the parameter count does not depend on the
/// grid, so a model trained on 16×16 runs on 32×32. Parameters: `"weight"` (γ, init 1) and
/// `"bias"` (β, init 0), each `[C]`.
public final class LayerNorm: Layer {
    public let gain: Variable
    public let shift: Variable
    public let epsilon: Float

    public init(channels: Int, epsilon: Float = 1e-5) {
        precondition(channels > 0 && epsilon > 0, "LayerNorm: channels \(channels), epsilon \(epsilon)")
        gain = Variable(Tensor(ones: [channels]), requiresGradient: true)
        shift = Variable(Tensor(zeros: [channels]), requiresGradient: true)
        self.epsilon = epsilon
    }

    public var namedParameters: [(String, Variable)] { [("weight", gain), ("bias", shift)] }

    public func callAsFunction(_ x: Variable) -> Variable {
        layerNorm(x, gain: gain, bias: shift, epsilon: epsilon)
    }
}
