import Tensor

/// Sums and means. VJP: the upstream gradient broadcast back over the reduced axes.
extension Variable {
    /// Sum over `axes` (negative counts from the end).
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = true) -> Variable {
        let inputShape = shape
        let kept = value.sum(alongAxes: axes, keepingDimensions: true)
        let keptShape = kept.shape
        let result = keepingDimensions ? kept : value.sum(alongAxes: axes, keepingDimensions: false)
        return Variable(result, parents: [self]) { g in [g.reshaped(keptShape).broadcasted(to: inputShape)] }
    }

    /// Sum of all elements, shape `[]`.
    public func sum() -> Variable {
        let inputShape = shape
        return Variable(Tensor(scalar: value.sum()), parents: [self]) { g in
            [Tensor(repeating: g.scalarValue, shape: inputShape)]
        }
    }

    /// Mean over `axes`.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = true) -> Variable {
        let reducedCount = Set(axes.map { value.normalizedAxis($0) }).reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(max(reducedCount, 1)))
    }

    /// Mean of all elements, shape `[]`.
    public func mean() -> Variable {
        let inputShape = shape, count = Float(value.count)
        return Variable(Tensor(scalar: value.mean()), parents: [self]) { g in
            [Tensor(repeating: g.scalarValue / count, shape: inputShape)]
        }
    }
}
