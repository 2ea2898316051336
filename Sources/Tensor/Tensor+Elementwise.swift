import Glibc

/// A scalar function of two floats, applied element by element with broadcasting.
@usableFromInline
protocol BinaryScalarFunction { static func apply(_ a: Float, _ b: Float) -> Float }

/// A scalar function of one float, applied element by element.
@usableFromInline
protocol UnaryScalarFunction { static func apply(_ x: Float) -> Float }

enum Addition: BinaryScalarFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum Subtraction: BinaryScalarFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum Multiplication: BinaryScalarFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum Division: BinaryScalarFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
/// `g · y · (1 − y)` with a = y = σ(x), b = g.
enum SigmoidDerivative: BinaryScalarFunction { @inline(__always) static func apply(_ y: Float, _ g: Float) -> Float { g * y * (1 - y) } }
/// `g · (1 − y²)` with a = y = tanh(x), b = g.
enum TanhDerivative: BinaryScalarFunction { @inline(__always) static func apply(_ y: Float, _ g: Float) -> Float { g * (1 - y * y) } }
/// `g · [x > 0]` with a = x (or y = relu(x)), b = g.
enum ReLUDerivative: BinaryScalarFunction { @inline(__always) static func apply(_ x: Float, _ g: Float) -> Float { x > 0 ? g : 0 } }
/// `g · sign(x)` with a = x, b = g (sign(0) = 0).
enum AbsDerivative: BinaryScalarFunction {
    @inline(__always) static func apply(_ x: Float, _ g: Float) -> Float { x > 0 ? g : (x < 0 ? -g : 0) }
}

enum Sigmoid: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { 1 / (1 + expf(-x)) } }
enum HyperbolicTangent: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { hyperbolicTangent(x) } }
enum ReLU: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { max(x, 0) } }
enum Exponential: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { expf(x) } }
enum Logarithm: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { logf(x) } }
enum Absolute: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { Swift.abs(x) } }
enum Negation: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { -x } }
enum Square: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { x * x } }
enum SquareRoot: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { x.squareRoot() } }
enum UnitClamp: UnaryScalarFunction { @inline(__always) static func apply(_ x: Float) -> Float { x < 0 ? 0 : (x > 1 ? 1 : x) } }

extension Tensor {
    /// Applies `F` with NumPy broadcasting; the result has shape `Shape.broadcast(a.shape, b.shape)`.
    static func broadcastBinary<F: BinaryScalarFunction>(_ a: Tensor, _ b: Tensor, _: F.Type) -> Tensor {
        if a.shape == b.shape {
            var result = Tensor(uninitializedShape: a.shape)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    result.withUnsafeMutableBufferPointer { out in
                        let pa = pa.baseAddress!, pb = pb.baseAddress!, po = out.baseAddress!
                        parallelChunks(count: out.count) { range in
                            for i in range { po[i] = F.apply(pa[i], pb[i]) }
                        }
                    }
                }
            }
            return result
        }
        let shape = Shape.broadcast(a.shape, b.shape)
        var result = Tensor(uninitializedShape: shape)
        if result.count == 0 { return result }
        if (a.count == 1 && b.shape == shape) || (b.count == 1 && a.shape == shape) {
            // Tensor ⊕ scalar: one flat parallel pass.
            let scalarOnLeft = a.count == 1
            let scalar = scalarOnLeft ? a.scalars[0] : b.scalars[0]
            (scalarOnLeft ? b : a).withUnsafeBufferPointer { pt in
                result.withUnsafeMutableBufferPointer { out in
                    let pt = pt.baseAddress!, po = out.baseAddress!
                    parallelChunks(count: out.count) { range in
                        if scalarOnLeft {
                            for i in range { po[i] = F.apply(scalar, pt[i]) }
                        } else {
                            for i in range { po[i] = F.apply(pt[i], scalar) }
                        }
                    }
                }
            }
            return result
        }
        let outStrides = Shape.broadcastStrides(of: shape, to: shape)
        let (runShape, strides) = Shape.coalesce(
            shape,
            [outStrides, Shape.broadcastStrides(of: a.shape, to: shape), Shape.broadcastStrides(of: b.shape, to: shape)])
        let strideA = strides[1].last!, strideB = strides[2].last!
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                result.withUnsafeMutableBufferPointer { out in
                    let pa = pa.baseAddress!, pb = pb.baseAddress!, po = out.baseAddress!
                    parallelForEachRun(shape: runShape, strides: strides) { offsets, length in
                        let o = po + offsets[0], x = pa + offsets[1], y = pb + offsets[2]
                        if strideA == 1 && strideB == 1 {
                            for i in 0..<length { o[i] = F.apply(x[i], y[i]) }
                        } else if strideB == 0 {
                            let scalar = y[0]
                            for i in 0..<length { o[i] = F.apply(x[i * strideA], scalar) }
                        } else if strideA == 0 {
                            let scalar = x[0]
                            for i in 0..<length { o[i] = F.apply(scalar, y[i * strideB]) }
                        } else {
                            for i in 0..<length { o[i] = F.apply(x[i * strideA], y[i * strideB]) }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Applies `F` to every element.
    func map<F: UnaryScalarFunction>(_: F.Type) -> Tensor {
        var result = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { out in
                let pi = input.baseAddress, po = out.baseAddress
                guard let pi, let po else { return }
                parallelChunks(count: out.count) { range in
                    for i in range { po[i] = F.apply(pi[i]) }
                }
            }
        }
        return result
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, Addition.self) }
    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, Subtraction.self) }
    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, Multiplication.self) }
    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor { broadcastBinary(a, b, Division.self) }

    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(scalar: b) }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(scalar: b) }
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(scalar: b) }
    public static func / (a: Tensor, b: Float) -> Tensor { a / Tensor(scalar: b) }
    public static func * (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) * b }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) - b }
    public static prefix func - (a: Tensor) -> Tensor { a.map(Negation.self) }

    /// Adds `other` (same shape) into `self` in place.
    public static func += (a: inout Tensor, b: Tensor) {
        precondition(a.shape == b.shape, "+=: \(a.shape) vs \(b.shape)")
        b.withUnsafeBufferPointer { pb in
            a.withUnsafeMutableBufferPointer { pa in
                let x = pa.baseAddress!, y = pb.baseAddress!
                parallelChunks(count: pa.count) { range in
                    for i in range { x[i] += y[i] }
                }
            }
        }
    }

    /// Multiplies every element by `factor` in place.
    public static func *= (a: inout Tensor, factor: Float) {
        a.withUnsafeMutableBufferPointer { pa in
            guard let x = pa.baseAddress else { return }
            parallelChunks(count: pa.count) { range in
                for i in range { x[i] *= factor }
            }
        }
    }

    /// σ(x) = 1 / (1 + e^(−x)), elementwise.
    public func sigmoid() -> Tensor { map(Sigmoid.self) }
    /// tanh(x), elementwise.
    public func tanh() -> Tensor { map(HyperbolicTangent.self) }
    /// max(x, 0), elementwise.
    public func relu() -> Tensor { map(ReLU.self) }
    /// eˣ, elementwise.
    public func exp() -> Tensor { map(Exponential.self) }
    /// ln x, elementwise (NaN for x < 0, −∞ at 0).
    public func log() -> Tensor { map(Logarithm.self) }
    /// |x|, elementwise.
    public func abs() -> Tensor { map(Absolute.self) }
    /// x², elementwise.
    public func squared() -> Tensor { map(Square.self) }
    /// √x, elementwise.
    public func squareRoot() -> Tensor { map(SquareRoot.self) }
    /// min(max(x, 0), 1), elementwise.
    public func clampedToUnitInterval() -> Tensor { map(UnitClamp.self) }

    /// `gradient · y · (1 − y)` where `self = y = σ(x)`: the VJP of `sigmoid`.
    public func sigmoidBackward(_ gradient: Tensor) -> Tensor { Self.broadcastBinary(self, gradient, SigmoidDerivative.self) }
    /// `gradient · (1 − y²)` where `self = y = tanh(x)`: the VJP of `tanh`.
    public func tanhBackward(_ gradient: Tensor) -> Tensor { Self.broadcastBinary(self, gradient, TanhDerivative.self) }
    /// `gradient · [x > 0]` where `self` is x or relu(x): the VJP of `relu`.
    public func reluBackward(_ gradient: Tensor) -> Tensor { Self.broadcastBinary(self, gradient, ReLUDerivative.self) }
    /// `gradient · sign(x)` where `self = x`: the VJP of `abs`.
    public func absBackward(_ gradient: Tensor) -> Tensor { Self.broadcastBinary(self, gradient, AbsDerivative.self) }

    /// Largest |x| over all elements (0 for an empty tensor).
    public var maximumMagnitude: Float {
        withUnsafeBufferPointer { $0.reduce(0) { Swift.max($0, Swift.abs($1)) } }
    }

    /// Σ x² over all elements, accumulated in Double (per-core partial sums, in chunk order).
    public var sumOfSquares: Double {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return parallelSum(count: buffer.count) { range in
                var total: Double = 0
                for i in range { total += Double(base[i]) * Double(base[i]) }
                return total
            }
        }
    }

    /// True when no element is NaN or ±∞.
    public var isFinite: Bool { withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) } }
}
