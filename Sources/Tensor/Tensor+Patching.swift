/// Space-to-depth and depth-to-space (patching), as PyTorch's `pixel_unshuffle` / `pixel_shuffle`.
///
/// ```
/// spaceToDepth: y[n, c·p² + i·p + j, h, w] = x[n, c, h·p + i, w·p + j]
/// ```
/// Input `[N, C, H, W]` → `[N, C·p², H/p, W/p]`; `depthToSpace` is the exact inverse (and the
/// VJP of `spaceToDepth`, since both only move elements). For C = 1 the channel order equals the
/// E3D-LSTM codes' patch reshape.
extension Tensor {
    /// `[N, C, H, W]` → `[N, C·p², H/p, W/p]`.
    /// - Precondition: rank 4 and `H`, `W` divisible by `blockSize`.
    public func spaceToDepth(blockSize p: Int) -> Tensor {
        precondition(
            rank == 4 && p >= 1 && shape[2] % p == 0 && shape[3] % p == 0,
            "spaceToDepth: shape \(shape) must be [N, C, H, W] with H, W divisible by \(p)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        return reshaped([n, c, h / p, p, w / p, p]).permuted([0, 1, 3, 5, 2, 4]).reshaped([n, c * p * p, h / p, w / p])
    }

    /// `[N, C·p², H, W]` → `[N, C, H·p, W·p]`, the inverse of `spaceToDepth`.
    /// - Precondition: rank 4 and the channel count divisible by `blockSize²`.
    public func depthToSpace(blockSize p: Int) -> Tensor {
        precondition(
            rank == 4 && p >= 1 && shape[1] % (p * p) == 0,
            "depthToSpace: shape \(shape) must be [N, C·\(p)², H, W]")
        let (n, c, h, w) = (shape[0], shape[1] / (p * p), shape[2], shape[3])
        return reshaped([n, c, p, p, h, w]).permuted([0, 1, 4, 2, 5, 3]).reshaped([n, c, h * p, w * p])
    }
}
