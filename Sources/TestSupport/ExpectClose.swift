public import Testing
public import Tensor

/// Expects equal shapes and `|actual − expected| ≤ atol + rtol · |expected|` element by element.
///
/// On failure it records one issue naming the first offending element, its index, both values
/// and the largest absolute difference.
public func expectClose(
    _ actual: Tensor, _ expected: Tensor, rtol: Float = 1e-5, atol: Float = 1e-6, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape else {
        Issue.record("\(what) shape \(actual.shape) ≠ expected \(expected.shape)", sourceLocation: sourceLocation)
        return
    }
    var firstBad: Int?
    var largest: Float = 0
    for index in 0..<actual.count {
        let a = actual.scalars[index], e = expected.scalars[index]
        let difference = abs(a - e)
        largest = max(largest, difference.isNaN ? .infinity : difference)
        if !(difference <= atol + rtol * abs(e)) && firstBad == nil { firstBad = index }
    }
    if let index = firstBad {
        Issue.record(
            "\(what) element \(index) of \(actual.shape): \(actual.scalars[index]) vs expected \(expected.scalars[index]) (rtol \(rtol), atol \(atol)); max |diff| \(largest)",
            sourceLocation: sourceLocation)
    }
}

/// Expects `|actual − expected| ≤ atol + rtol · |expected|` for two scalars.
public func expectClose(
    _ actual: Float, _ expected: Float, rtol: Float = 1e-5, atol: Float = 1e-6, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let difference = abs(actual - expected)
    if !(difference <= atol + rtol * abs(expected)) {
        Issue.record("\(what) \(actual) vs expected \(expected) (rtol \(rtol), atol \(atol))", sourceLocation: sourceLocation)
    }
}
