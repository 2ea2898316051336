/// Convenience initialisers: scalars, constants and seeded random tensors.
///
/// Random tensors draw from `SplitMix64` in row-major order, so the same seed gives the same
/// tensor on every machine.
extension Tensor {
    /// A rank-0 tensor (shape `[]`) holding one value.
    public init(scalar: Float) {
        self.init(shape: [], scalars: [scalar])
    }

    /// A tensor of ones.
    public init(ones shape: [Int]) {
        self.init(repeating: 1, shape: shape)
    }

    /// Independent draws from N(mean, standardDeviation²), row-major.
    public init(
        randomNormal shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
        using generator: inout SplitMix64
    ) {
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count { values[index] = mean + standardDeviation * generator.nextNormal() }
        self.init(shape: shape, scalars: values)
    }

    /// Independent draws from U[lowerBound, upperBound), row-major.
    public init(
        randomUniform shape: [Int], in range: ClosedRange<Float> = 0...1,
        using generator: inout SplitMix64
    ) {
        let count = shape.reduce(1, *)
        let width = range.upperBound - range.lowerBound
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count { values[index] = range.lowerBound + width * generator.nextUniform() }
        self.init(shape: shape, scalars: values)
    }

    /// The single element of a one-element tensor (any rank).
    /// - Precondition: `count == 1`.
    public var scalarValue: Float {
        precondition(count == 1, "scalarValue: tensor of shape \(shape) has \(count) elements")
        return scalars[0]
    }
}

extension Tensor {
    /// A tensor whose elements are not initialised: for kernels that write every element before
    /// anything reads it (GEMM outputs with β = 0, elementwise results), saving a zero-fill pass.
    public init(uninitializedShape shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        let count = shape.reduce(1, *)
        self.init(shape: shape, scalars: [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count })
    }
}
