import Tensor

/// Elementwise arithmetic with NumPy broadcasting. Each VJP reduces the upstream gradient back
/// to each operand's shape with `unbroadcast(to:)`.
extension Variable {
    /// a + b. VJP: (g, g).
    public static func + (a: Variable, b: Variable) -> Variable {
        let (shapeA, shapeB) = (a.shape, b.shape)
        return Variable(a.value + b.value, parents: [a, b]) { g in
            [g.unbroadcast(to: shapeA), g.unbroadcast(to: shapeB)]
        }
    }

    /// a − b. VJP: (g, −g).
    public static func - (a: Variable, b: Variable) -> Variable {
        let (shapeA, shapeB) = (a.shape, b.shape)
        let needB = b.requiresGradient
        return Variable(a.value - b.value, parents: [a, b]) { g in
            [g.unbroadcast(to: shapeA), needB ? (-g).unbroadcast(to: shapeB) : nil]
        }
    }

    /// a ⊙ b. VJP: (g ⊙ b, g ⊙ a).
    public static func * (a: Variable, b: Variable) -> Variable {
        let (valueA, valueB) = (a.value, b.value)
        let (needA, needB) = (a.requiresGradient, b.requiresGradient)
        return Variable(valueA * valueB, parents: [a, b]) { g in
            [needA ? (g * valueB).unbroadcast(to: valueA.shape) : nil,
             needB ? (g * valueA).unbroadcast(to: valueB.shape) : nil]
        }
    }

    /// a / b. VJP: (g / b, −g ⊙ a / b²).
    public static func / (a: Variable, b: Variable) -> Variable {
        let (valueA, valueB) = (a.value, b.value)
        let (needA, needB) = (a.requiresGradient, b.requiresGradient)
        let quotient = valueA / valueB
        return Variable(quotient, parents: [a, b]) { g in
            [needA ? (g / valueB).unbroadcast(to: valueA.shape) : nil,
             needB ? (-(g * quotient) / valueB).unbroadcast(to: valueB.shape) : nil]
        }
    }

    /// −a. VJP: −g.
    public static prefix func - (a: Variable) -> Variable {
        Variable(-a.value, parents: [a]) { g in [-g] }
    }

    /// a + s for a constant s. VJP: g.
    public static func + (a: Variable, s: Float) -> Variable {
        Variable(a.value + s, parents: [a]) { g in [g] }
    }

    /// a − s for a constant s. VJP: g.
    public static func - (a: Variable, s: Float) -> Variable {
        Variable(a.value - s, parents: [a]) { g in [g] }
    }

    /// s − a for a constant s. VJP: −g.
    public static func - (s: Float, a: Variable) -> Variable {
        Variable(s - a.value, parents: [a]) { g in [-g] }
    }

    /// a · s for a constant s. VJP: g · s.
    public static func * (a: Variable, s: Float) -> Variable {
        Variable(a.value * s, parents: [a]) { g in [g * s] }
    }

    /// s · a for a constant s. VJP: g · s.
    public static func * (s: Float, a: Variable) -> Variable { a * s }

    /// a / s for a constant s. VJP: g / s.
    public static func / (a: Variable, s: Float) -> Variable {
        Variable(a.value / s, parents: [a]) { g in [g / s] }
    }
}
