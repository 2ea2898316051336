/// A dense, contiguous, row-major Float32 array with a shape.
///
/// Layout is C order: the last axis varies fastest. Images are channels-first:
/// `[N, C, H, W]` and `[N, C, D, H, W]`; frame stacks are `[T, H, W]`.
/// Storage is a Swift array, so a `Tensor` is a value with copy-on-write.
///
/// ```swift
/// var x = Tensor(zeros: [2, 3])
/// x[1, 2] = 5
/// ```
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis. The product of the extents equals `scalars.count`.
    public private(set) var shape: [Int]
    /// The elements in row-major (C) order.
    public var scalars: [Float]

    /// A tensor with the given shape and elements in row-major order.
    /// - Precondition: `scalars.count == shape.reduce(1, *)` and every extent ≥ 0.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        precondition(
            scalars.count == shape.reduce(1, *),
            "Tensor: \(scalars.count) scalars do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(repeating: 0, shape: shape)
    }

    /// A tensor filled with one value.
    public init(repeating value: Float, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Number of elements.
    @inlinable public var count: Int { scalars.count }
    /// Number of axes.
    @inlinable public var rank: Int { shape.count }

    /// Row-major strides in elements: `strides[i] = shape[(i+1)...].product`.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// Element at a multi-index (one index per axis).
    public subscript(indices: Int...) -> Float {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    private func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "Tensor: \(indices.count) indices for shape \(shape)")
        var flat = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "Tensor: index \(indices) out of shape \(shape)")
            flat = flat * shape[axis] + index
        }
        return flat
    }

    /// The same elements under a new shape; one extent may be `-1` and is inferred.
    /// - Precondition: the element count is unchanged.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshape: cannot infer \(newShape) from \(shape)")
            resolved[inferred] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "reshape: \(shape) → \(newShape)")
        return Tensor(shape: resolved, scalars: scalars)
    }

    /// Read access to the contiguous storage.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Write access to the contiguous storage.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }
}
