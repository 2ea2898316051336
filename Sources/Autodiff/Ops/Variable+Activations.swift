public import Tensor

/// σ(x) = 1 / (1 + e^(−x)). VJP: g ⊙ y ⊙ (1 − y), from the output y.
public func sigmoid(_ x: Variable) -> Variable {
    let y = x.value.sigmoid()
    return Variable(y, parents: [x]) { g in [y.sigmoidBackward(g)] }
}

/// tanh(x). VJP: g ⊙ (1 − y²), from the output y.
public func tanh(_ x: Variable) -> Variable {
    let y = x.value.tanh()
    return Variable(y, parents: [x]) { g in [y.tanhBackward(g)] }
}

/// max(x, 0). VJP: g ⊙ [x > 0] (the subgradient at 0 is 0).
public func relu(_ x: Variable) -> Variable {
    let y = x.value.relu()
    return Variable(y, parents: [x]) { g in [y.reluBackward(g)] }
}

/// min(max(x, 0), 1) with a straight-through VJP: g passes unchanged, also where x was clamped,
/// so a value pushed outside [0, 1] still gets the gradient that brings it back (a clamp used in
/// training, where the plain clamp's zero gradient would freeze such values).
public func unitClampStraightThrough(_ x: Variable) -> Variable {
    Variable(x.value.clampedToUnitInterval(), parents: [x]) { g in [g] }
}

/// eˣ. VJP: g ⊙ y.
public func exp(_ x: Variable) -> Variable {
    let y = x.value.exp()
    return Variable(y, parents: [x]) { g in [g * y] }
}

/// ln x. VJP: g / x.
public func log(_ x: Variable) -> Variable {
    let input = x.value
    return Variable(input.log(), parents: [x]) { g in [g / input] }
}

/// |x|. VJP: g ⊙ sign(x) (0 at x = 0).
public func abs(_ x: Variable) -> Variable {
    let input = x.value
    return Variable(input.abs(), parents: [x]) { g in [input.absBackward(g)] }
}

/// x². VJP: 2 g ⊙ x.
public func square(_ x: Variable) -> Variable {
    let input = x.value
    return Variable(input.squared(), parents: [x]) { g in [g * input * 2] }
}

/// Fused per-slice gate nonlinearities over the channel axis (see `Tensor.gateActivations`).
///
/// Input `[N, k·C, …]`; slice j gets `activations[j]`. One forward pass and one backward pass
/// replace k slices, k activations and a concatenation.
public func gateActivations(_ x: Variable, _ activations: [GateActivation]) -> Variable {
    let y = x.value.gateActivations(activations)
    return Variable(y, parents: [x]) { g in [y.gateActivationsBackward(g, activations: activations)] }
}
