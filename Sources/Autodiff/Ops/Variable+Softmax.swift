import Tensor

/// Softmax over the last axis. VJP: y ⊙ (g − Σ g ⊙ y) per row.
public func softmax(_ x: Variable) -> Variable {
    let y = x.value.softmax()
    return Variable(y, parents: [x]) { g in [y.softmaxBackward(g)] }
}

/// Dot-product attention, batched.
///
/// ```
/// A = softmax(scale · Q Kᵀ)      output = A V
/// ```
/// Shapes: query `[B, Nq, d]`, key `[B, Nk, d]`, value `[B, Nk, dv]` → `[B, Nq, dv]`.
/// `scale` is 1/√d in Vaswani et al. 2017; the E3D-LSTM codes use 1 (no scaling).
/// Built from `matmul` and `softmax`, so its gradient follows from theirs.
public func attention(query: Variable, key: Variable, value: Variable, scale: Float = 1) -> Variable {
    precondition(
        query.value.rank == 3 && key.value.rank == 3 && value.value.rank == 3
            && query.shape[2] == key.shape[2] && key.shape[1] == value.shape[1],
        "attention: query \(query.shape), key \(key.shape), value \(value.shape) must be [B, Nq, d], [B, Nk, d], [B, Nk, dv]")
    var scores = matmul(query, key, transposeB: true)
    if scale != 1 { scores = scores * scale }
    return matmul(softmax(scores), value)
}
