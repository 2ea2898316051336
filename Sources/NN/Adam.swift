public import Autodiff
public import Tensor

/// Adam (Kingma & Ba 2015, Algorithm 1). **Bias correction is always applied.**
///
/// For each parameter θ with gradient g, at update t = 1, 2, …:
/// ```
/// m ← β₁ m + (1 − β₁) g          v ← β₂ v + (1 − β₂) g²
/// θ ← θ − lr · m̂ / (√v̂ + ε)     with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
/// ```
/// ε is added outside the square root (PyTorch's convention; the TF E3D-LSTM code puts it inside).
/// Moments are keyed by parameter name, so the state survives a model rebuild and is saved
/// with `state` / restored with `restore(_:)` for an exact resume.
///
/// ```swift
/// var adam = Adam(learningRate: 1e-3)
/// model.zeroGradients(); loss.backward(); adam.update(model.namedParameters)
/// ```
/// ### References
/// Kingma, D. P. & Ba, J. (2015). Adam: A Method for Stochastic Optimization. ICLR.
public struct Adam {
    /// Step size; change it between updates to follow a schedule.
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// Moments and update count.
    public private(set) var state: AdamState

    /// - Precondition: `learningRate ≥ 0`, `0 ≤ beta1, beta2 < 1`, `epsilon > 0`.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        precondition(learningRate >= 0 && learningRate.isFinite, "Adam: learning rate \(learningRate)")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: beta1 \(beta1), beta2 \(beta2) must lie in [0, 1)")
        precondition(epsilon > 0, "Adam: epsilon \(epsilon) ≤ 0")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.state = AdamState()
    }

    /// One update of every parameter that has a gradient (parameters without one are skipped
    /// but the step count still advances). Does not clear the gradients.
    public mutating func update(_ parameters: [(String, Variable)]) {
        state.step += 1
        for (name, parameter) in parameters {
            guard let gradient = parameter.grad else { continue }
            var first = state.firstMoments.removeValue(forKey: name) ?? Tensor(zeros: parameter.value.shape)
            var second = state.secondMoments.removeValue(forKey: name) ?? Tensor(zeros: parameter.value.shape)
            precondition(first.shape == parameter.value.shape, "Adam: state for '\(name)' has shape \(first.shape), parameter \(parameter.value.shape)")
            Tensor.adamUpdate(
                parameter: &parameter.value, gradient: gradient, firstMoment: &first, secondMoment: &second,
                learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, step: state.step)
            state.firstMoments[name] = first
            state.secondMoments[name] = second
        }
    }

    /// Replaces the moments and step count, e.g. from a checkpoint.
    public mutating func restore(_ state: AdamState) { self.state = state }
}

/// Adam's resumable state: update count and per-parameter moments.
public struct AdamState: Sendable, Equatable {
    /// Updates applied so far (t of the bias correction).
    public var step: Int = 0
    /// m, by parameter name.
    public var firstMoments: [String: Tensor] = [:]
    /// v, by parameter name.
    public var secondMoments: [String: Tensor] = [:]

    public init(step: Int = 0, firstMoments: [String: Tensor] = [:], secondMoments: [String: Tensor] = [:]) {
        self.step = step
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }

    /// The state as safetensors content: tensors `"m.<name>"`, `"v.<name>"` and metadata
    /// `"adam.step"` (exact as a decimal string, unlike a float tensor).
    public var safetensorsContent: (tensors: [String: Tensor], metadata: [String: String]) {
        var tensors: [String: Tensor] = [:]
        for (name, value) in firstMoments { tensors["m.\(name)"] = value }
        for (name, value) in secondMoments { tensors["v.\(name)"] = value }
        return (tensors, ["adam.step": String(step)])
    }

    /// Rebuilds the state from `safetensorsContent`.
    /// - Throws: `NNError.malformedHeader` if the step is missing or a key has no `m.`/`v.` prefix.
    public init(safetensorsTensors tensors: [String: Tensor], metadata: [String: String], path: String = "<memory>") throws {
        guard let text = metadata["adam.step"], let step = Int(text), step >= 0 else {
            throw NNError.malformedHeader(path: path, reason: "no non-negative integer 'adam.step' in __metadata__")
        }
        self.step = step
        for (key, value) in tensors {
            if key.hasPrefix("m.") {
                firstMoments[String(key.dropFirst(2))] = value
            } else if key.hasPrefix("v.") {
                secondMoments[String(key.dropFirst(2))] = value
            } else {
                throw NNError.malformedHeader(path: path, reason: "optimiser tensor '\(key)' is neither m.<name> nor v.<name>")
            }
        }
    }
}
