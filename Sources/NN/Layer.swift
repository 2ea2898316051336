public import Autodiff
public import Tensor

/// A module with trainable parameters under stable names.
///
/// `namedParameters` lists every parameter once, in a fixed order, under a dotted name
/// (`"weight"`, `"cell1.conv.bias"`). The names are the checkpoint keys (safetensors) and the
/// optimiser state keys, so renaming one breaks old checkpoints. Composite layers concatenate
/// their children's lists with `namedParameters(prefixedBy:)`.
public protocol Layer: AnyObject {
    /// Every trainable parameter with its stable name.
    var namedParameters: [(String, Variable)] { get }
}

extension Layer {
    /// The parameters without names, in `namedParameters` order.
    public var parameters: [Variable] { namedParameters.map(\.1) }

    /// Total number of scalar parameters.
    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.1.value.count } }

    /// `namedParameters` with `"<prefix>."` in front of every name.
    public func namedParameters(prefixedBy prefix: String) -> [(String, Variable)] {
        namedParameters.map { ("\(prefix).\($0.0)", $0.1) }
    }

    /// Clears every parameter's accumulated gradient (call once per training step).
    public func zeroGradients() {
        for (_, parameter) in namedParameters { parameter.zeroGradient() }
    }

    /// The parameter values by name, ready for `Safetensors.encode`.
    public var parameterTensors: [String: Tensor] {
        Dictionary(namedParameters.map { ($0.0, $0.1.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Replaces every parameter value with the tensor of the same name.
    ///
    /// - Throws: `NNError.missingTensor` if a parameter has no tensor, `NNError.shapeMismatch`
    ///   if shapes differ, `NNError.unexpectedTensor` for extra tensors when `strict`.
    ///   Nothing is changed unless every check passes.
    public func loadParameters(_ tensors: [String: Tensor], strict: Bool = true) throws {
        let named = namedParameters
        for (name, parameter) in named {
            guard let tensor = tensors[name] else { throw NNError.missingTensor(name: name) }
            guard tensor.shape == parameter.value.shape else {
                throw NNError.shapeMismatch(name: name, expected: parameter.value.shape, found: tensor.shape)
            }
        }
        if strict {
            let known = Set(named.map(\.0))
            if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
                throw NNError.unexpectedTensor(name: extra)
            }
        }
        for (name, parameter) in named { parameter.value = tensors[name]! }
    }
}
