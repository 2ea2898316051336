import Tensor

/// Matrix product `op(a) · op(b)` of rank-2 tensors, or batched over a leading axis (rank 3).
///
/// With C = op(A)·op(B) and upstream G:
/// ```
/// C = A B     : dA = G Bᵀ,   dB = Aᵀ G
/// C = A Bᵀ    : dA = G B,    dB = Gᵀ A
/// C = Aᵀ B    : dA = B Gᵀ,   dB = A G
/// C = Aᵀ Bᵀ   : dA = Bᵀ Gᵀ,  dB = Gᵀ Aᵀ
/// ```
public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
    let (valueA, valueB) = (a.value, b.value)
    let (needA, needB) = (a.requiresGradient, b.requiresGradient)
    let result = Tensor.matmul(valueA, valueB, transposeA: transposeA, transposeB: transposeB)
    return Variable(result, parents: [a, b]) { g in
        let gradientA: Tensor?, gradientB: Tensor?
        switch (transposeA, transposeB) {
        case (false, false):
            gradientA = needA ? Tensor.matmul(g, valueB, transposeB: true) : nil
            gradientB = needB ? Tensor.matmul(valueA, g, transposeA: true) : nil
        case (false, true):
            gradientA = needA ? Tensor.matmul(g, valueB) : nil
            gradientB = needB ? Tensor.matmul(g, valueA, transposeA: true) : nil
        case (true, false):
            gradientA = needA ? Tensor.matmul(valueB, g, transposeB: true) : nil
            gradientB = needB ? Tensor.matmul(valueA, g) : nil
        case (true, true):
            gradientA = needA ? Tensor.matmul(valueB, g, transposeA: true, transposeB: true) : nil
            gradientB = needB ? Tensor.matmul(g, valueA, transposeA: true, transposeB: true) : nil
        }
        return [gradientA, gradientB]
    }
}
