public import Tensor

extension Variable {
    /// Reverse-mode differentiation from this node: fills `grad` of every leaf that requires a
    /// gradient with d(self)/d(leaf) · seed, adding to any gradient already there.
    ///
    /// The graph is ordered by an iterative depth-first search (no recursion, so graphs of any
    /// depth are fine), then each node's pullback runs once, after all its consumers, on the sum
    /// of the gradients they sent. Interior gradients are dropped as soon as they are used, and
    /// each interior node releases its parents and pullback: memory held by the graph is freed
    /// during backward, and `backward()` cannot be run twice through the same graph.
    ///
    /// - Parameter seed: the gradient of the final scalar with respect to `self`, shape of
    ///   `value`; defaults to all ones (for a one-element loss, d loss / d loss = 1).
    /// - Precondition: `requiresGradient` and a seed of the value's shape.
    public func backward(seed: Tensor? = nil) {
        precondition(requiresGradient, "backward: this value does not depend on any parameter that requires a gradient")
        let seed = seed ?? Tensor(ones: value.shape)
        precondition(seed.shape == value.shape, "backward: seed \(seed.shape) ≠ value \(value.shape)")

        var order: [Variable] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var stack: [(node: Variable, nextParent: Int)] = [(self, 0)]
        while let (node, nextParent) = stack.popLast() {
            if nextParent < node.parents.count {
                stack.append((node, nextParent + 1))
                let parent = node.parents[nextParent]
                if parent.requiresGradient && visited.insert(ObjectIdentifier(parent)).inserted {
                    stack.append((parent, 0))
                }
            } else {
                order.append(node)
            }
        }

        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        for node in order.reversed() {
            guard let gradient = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
            switch node.pullback {
            case nil:
                if node.grad == nil { node.grad = gradient } else { node.grad! += gradient }
            case .slice(let axis, let offset):
                let parent = node.parents[0]
                let key = ObjectIdentifier(parent)
                // Take the pending gradient out so it is uniquely owned and grows in place.
                var total = pending.removeValue(forKey: key) ?? Tensor(zeros: parent.value.shape)
                total.addSlice(gradient, axis: axis, offset: offset)
                pending[key] = total
            case .function(let pullback):
                let parentGradients = pullback(gradient)
                precondition(parentGradients.count == node.parents.count, "backward: pullback returned \(parentGradients.count) gradients for \(node.parents.count) parents")
                for (parent, parentGradient) in zip(node.parents, parentGradients) where parent.requiresGradient {
                    guard let parentGradient else { continue }
                    precondition(
                        parentGradient.shape == parent.value.shape,
                        "backward: gradient \(parentGradient.shape) for a parent of shape \(parent.value.shape)")
                    let key = ObjectIdentifier(parent)
                    if var total = pending.removeValue(forKey: key) {
                        total += parentGradient
                        pending[key] = total
                    } else {
                        pending[key] = parentGradient
                    }
                }
            }
            node.parents = []
            node.pullback = nil
        }
    }
}
