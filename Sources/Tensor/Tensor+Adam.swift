/// The fused element-wise Adam update (Kingma & Ba 2015, Algorithm 1, bias-corrected).
extension Tensor {
    /// One Adam step for one parameter tensor, in place and in one pass over memory:
    /// ```
    /// m ← β₁ m + (1 − β₁) g        v ← β₂ v + (1 − β₂) g²
    /// θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
    /// ```
    /// - Parameters:
    ///   - step: t ≥ 1, the number of updates including this one (for the bias correction).
    /// - Precondition: all four tensors have the same shape.
    public static func adamUpdate(
        parameter: inout Tensor, gradient: Tensor, firstMoment: inout Tensor, secondMoment: inout Tensor,
        learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, step: Int
    ) {
        precondition(
            parameter.shape == gradient.shape && parameter.shape == firstMoment.shape && parameter.shape == secondMoment.shape,
            "adamUpdate: parameter \(parameter.shape), gradient \(gradient.shape), moments \(firstMoment.shape), \(secondMoment.shape)")
        precondition(step >= 1, "adamUpdate: step \(step) < 1")
        let correction1 = 1 - Float(Double(beta1).power(step)), correction2 = 1 - Float(Double(beta2).power(step))
        gradient.withUnsafeBufferPointer { g in
            parameter.withUnsafeMutableBufferPointer { theta in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        guard let pg = g.baseAddress, let pt = theta.baseAddress, let pm = m.baseAddress, let pv = v.baseAddress else { return }
                        parallelChunks(count: g.count) { range in
                            for i in range {
                                let gradientValue = pg[i]
                                let first = beta1 * pm[i] + (1 - beta1) * gradientValue
                                let second = beta2 * pv[i] + (1 - beta2) * gradientValue * gradientValue
                                pm[i] = first
                                pv[i] = second
                                pt[i] -= learningRate * (first / correction1) / ((second / correction2).squareRoot() + epsilon)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Double {
    /// self^exponent for a non-negative integer exponent (repeated squaring).
    func power(_ exponent: Int) -> Double {
        var result = 1.0, base = self, remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            base *= base
            remaining >>= 1
        }
        return result
    }
}
