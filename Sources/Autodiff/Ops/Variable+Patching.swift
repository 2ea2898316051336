import Tensor

/// `[N, C, H, W]` → `[N, C·p², H/p, W/p]` (PyTorch `pixel_unshuffle` order). VJP: `depthToSpace`.
public func spaceToDepth(_ x: Variable, blockSize: Int) -> Variable {
    Variable(x.value.spaceToDepth(blockSize: blockSize), parents: [x]) { g in [g.depthToSpace(blockSize: blockSize)] }
}

/// `[N, C·p², H, W]` → `[N, C, H·p, W·p]` (PyTorch `pixel_shuffle` order). VJP: `spaceToDepth`.
public func depthToSpace(_ x: Variable, blockSize: Int) -> Variable {
    Variable(x.value.depthToSpace(blockSize: blockSize), parents: [x]) { g in [g.spaceToDepth(blockSize: blockSize)] }
}
