public import Tensor

/// Weight initialisation with a seeded generator.
public enum Initialization {
    /// U(−1/√fanIn, 1/√fanIn): PyTorch's default for `Linear` and `Conv*d` weights and biases
    /// (Kaiming-uniform with a = √5), so freshly built layers match PyTorch's scale.
    public static func uniformFanIn(_ shape: [Int], fanIn: Int, using generator: inout SplitMix64) -> Tensor {
        precondition(fanIn > 0, "uniformFanIn: fanIn \(fanIn) ≤ 0")
        let bound = 1 / Float(fanIn).squareRoot()
        return Tensor(randomUniform: shape, in: -bound...bound, using: &generator)
    }
}
