public import Tensor

/// A node of the reverse-mode autodiff graph: a tensor value, its gradient, and how to
/// push a gradient back to the nodes it was computed from.
///
/// Leaves are made with `Variable(_:requiresGradient:)` (parameters set `requiresGradient: true`).
/// Every differentiable operation makes a new node whose `pullback` maps the gradient of the
/// output to one gradient per parent (the vector–Jacobian product, VJP); `backward()` sums them.
///
/// ```swift
/// let w = Variable(Tensor(randomNormal: [3, 2], using: &rng), requiresGradient: true)
/// let x = Variable(Tensor(ones: [4, 3]))
/// let loss = tanh(matmul(x, w)).sum()
/// loss.backward()          // w.grad is now d loss / d w, shape [3, 2]
/// ```
/// Inside `withoutGradients { }` operations record nothing: no parents, no closures, no memory.
/// Not thread-safe: build and differentiate one graph on one thread.
public final class Variable {
    /// The forward value. Parameters may be updated in place by optimisers; do not change the
    /// value of an interior node before `backward()`.
    public var value: Tensor
    /// Accumulated d(root)/d(self) for leaves that require a gradient; `nil` until the first
    /// `backward()` reaches this node. Cleared with `zeroGradient()`.
    public var grad: Tensor?
    /// Whether gradients flow to this node (true for parameters and for any result of them).
    public let requiresGradient: Bool
    /// The inputs of the operation that produced this node (empty for leaves and after backward).
    public internal(set) var parents: [Variable]
    /// How the output gradient reaches the parents (nil for leaves, constants and after backward).
    var pullback: Pullback?

    /// The VJP of a node.
    enum Pullback {
        /// Maps the output gradient to one gradient per parent (`nil` = no contribution).
        case function((Tensor) -> [Tensor?])
        /// The node is elements `offset ..< offset + extent` along `axis` of its one parent:
        /// `backward()` adds the gradient into that region of the parent's pending gradient,
        /// so k slices of one tensor cost one parent-sized buffer, not k padded copies.
        case slice(axis: Int, offset: Int)
    }

    /// A leaf (an input or a parameter).
    public init(_ value: Tensor, requiresGradient: Bool = false) {
        self.value = value
        self.requiresGradient = requiresGradient
        self.parents = []
        self.pullback = nil
    }

    /// The result of a differentiable operation: define a new primitive with this initialiser.
    ///
    /// `pullback(g)` receives the gradient of the root with respect to this node (shape of
    /// `value`) and returns one gradient per parent, each of that parent's shape, or `nil` for a
    /// parent that gets no gradient. When no parent requires a gradient, or inside
    /// `withoutGradients`, the node is recorded as a plain constant and `pullback` is dropped.
    public init(_ value: Tensor, parents: [Variable], pullback: @escaping (Tensor) -> [Tensor?]) {
        self.value = value
        if GradientMode.isRecording && parents.contains(where: \.requiresGradient) {
            self.requiresGradient = true
            self.parents = parents
            self.pullback = .function(pullback)
        } else {
            self.requiresGradient = false
            self.parents = []
            self.pullback = nil
        }
    }

    /// A slice of `parent` (`value` = elements `offset…` along `axis`), recorded like any op.
    init(_ value: Tensor, sliceOf parent: Variable, axis: Int, offset: Int) {
        self.value = value
        if GradientMode.isRecording && parent.requiresGradient {
            self.requiresGradient = true
            self.parents = [parent]
            self.pullback = .slice(axis: axis, offset: offset)
        } else {
            self.requiresGradient = false
            self.parents = []
            self.pullback = nil
        }
    }

    /// The shape of `value`.
    public var shape: [Int] { value.shape }

    /// A constant leaf with the same value, cut from the graph (gradients stop here).
    public func detached() -> Variable { Variable(value) }

    /// Sets `grad` to nil.
    public func zeroGradient() { grad = nil }
}

/// Whether operations record the graph; see `withoutGradients(_:)`.
public enum GradientMode {
    /// True (the default) while operations record parents and pullbacks. Task-local, so it
    /// applies to the current task or thread and everything it calls synchronously.
    @TaskLocal public static var isRecording = true
}

/// Runs `body` with graph recording off: every operation returns a constant node, so inference
/// allocates no closures and keeps no intermediate tensors alive.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isRecording.withValue(false, operation: body)
}
