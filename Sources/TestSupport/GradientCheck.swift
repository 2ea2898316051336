public import Autodiff
public import Testing
public import Tensor

/// Checks the analytic gradients of `function` against central finite differences.
///
/// The output y is projected to a scalar with fixed random weights w (N(0,1), from `seed`):
/// `L = Σ wᵢ yᵢ`, accumulated in Double. Analytic: `y.backward(seed: w)`. Numeric, for every
/// element xⱼ of every input:
/// ```
/// ∂L/∂xⱼ ≈ (L(xⱼ + ε) − L(xⱼ − ε)) / 2ε
/// ```
/// with forward passes in Float32 under `withoutGradients`. The truncation error is O(ε²) and
/// the rounding error about 1e-7·|L|/ε, so ε = 1e-2 and a tolerance
/// `|analytic − numeric| ≤ atol + rtol·|numeric|` of about 1e-2 suit smooth functions of O(1)
/// inputs. Keep inputs a few ε away from kinks (relu, abs).
///
/// - Parameters:
///   - inputs: values of the differentiated inputs; each becomes a leaf requiring a gradient.
///   - function: the graph to check, built from the leaves.
public func expectGradientsMatch(
    inputs: [Tensor], seed: UInt64 = 1, epsilon: Float = 1e-2, rtol: Float = 1e-2, atol: Float = 1e-3,
    sourceLocation: SourceLocation = #_sourceLocation, _ function: ([Variable]) -> Variable
) {
    let leaves = inputs.map { Variable($0, requiresGradient: true) }
    let output = function(leaves)
    var generator = SplitMix64(seed: seed)
    let projection = Tensor(randomNormal: output.shape, using: &generator)
    output.backward(seed: projection)

    func projectedLoss(_ values: [Tensor]) -> Double {
        let y = withoutGradients { function(values.map { Variable($0) }).value }
        var total: Double = 0
        for index in 0..<y.count { total += Double(projection.scalars[index]) * Double(y.scalars[index]) }
        return total
    }

    for (inputIndex, input) in inputs.enumerated() {
        let analytic = leaves[inputIndex].grad ?? Tensor(zeros: input.shape)
        var numeric = Tensor(zeros: input.shape)
        var values = inputs
        for element in 0..<input.count {
            let original = input.scalars[element]
            values[inputIndex].scalars[element] = original + epsilon
            let plus = projectedLoss(values)
            values[inputIndex].scalars[element] = original - epsilon
            let minus = projectedLoss(values)
            values[inputIndex].scalars[element] = original
            numeric.scalars[element] = Float((plus - minus) / (2 * Double(epsilon)))
        }
        expectClose(analytic, numeric, rtol: rtol, atol: atol, "gradient of input \(inputIndex)", sourceLocation: sourceLocation)
    }
}

/// A tensor of N(0, 1) draws scaled by `scale`, seeded: shorthand for test inputs.
public func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = SplitMix64(seed: seed)
    return Tensor(randomNormal: shape, standardDeviation: scale, using: &generator)
}
