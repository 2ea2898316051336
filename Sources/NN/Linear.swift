public import Autodiff
public import Tensor

/// A fully connected layer.
///
/// ```
/// y = x Wᵀ + b
/// ```
/// Input `[N, inputFeatures]` → `[N, outputFeatures]`. Weight `[outputFeatures, inputFeatures]`
/// and bias `[outputFeatures]`, named `"weight"` and `"bias"` as in PyTorch's `nn.Linear`, so
/// its checkpoints load unchanged.
public final class Linear: Layer {
    public let weight: Variable
    public let bias: Variable?

    /// Weights and bias from U(−1/√in, 1/√in).
    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, using generator: inout SplitMix64) {
        precondition(inputFeatures > 0 && outputFeatures > 0, "Linear: features \(inputFeatures) → \(outputFeatures)")
        weight = Variable(
            Initialization.uniformFanIn([outputFeatures, inputFeatures], fanIn: inputFeatures, using: &generator),
            requiresGradient: true)
        self.bias = bias
            ? Variable(Initialization.uniformFanIn([outputFeatures], fanIn: inputFeatures, using: &generator), requiresGradient: true)
            : nil
    }

    public var namedParameters: [(String, Variable)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let product = matmul(x, weight, transposeB: true)
        guard let bias else { return product }
        return product + bias
    }
}
