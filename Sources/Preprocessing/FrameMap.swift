import Tensor
import Dispatch

/// Runs a 2-D kernel on every frame of a `[T, H, W]` (or a single `[H, W]`) tensor, frames in
/// parallel on all cores (`DispatchQueue.concurrentPerform`). Frames are independent, so the
/// result does not depend on the number of threads.
enum FrameMap {
    /// A pointer that may cross threads because every frame writes a disjoint slice.
    struct SharedPointer: @unchecked Sendable {
        let base: UnsafeMutablePointer<Float>
    }

    /// `(height, width, frames)` of a rank-2 or rank-3 tensor.
    static func geometry(_ x: Tensor, _ caller: String) -> (frames: Int, height: Int, width: Int) {
        precondition(x.rank == 2 || x.rank == 3, "\(caller): expected [H, W] or [T, H, W], got \(x.shape)")
        return x.rank == 2 ? (1, x.shape[0], x.shape[1]) : (x.shape[0], x.shape[1], x.shape[2])
    }

    /// Applies `kernel(t, input, output)` to each frame t; the output frames are `outHeight × outWidth`
    /// and the result keeps the input's rank.
    static func apply(
        _ x: Tensor, outHeight: Int? = nil, outWidth: Int? = nil, caller: String,
        _ kernel: @Sendable (Int, UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
    ) -> Tensor {
        let (frames, height, width) = geometry(x, caller)
        let newHeight = outHeight ?? height
        let newWidth = outWidth ?? width
        let inSize = height * width
        let outSize = newHeight * newWidth
        var output = [Float](repeating: 0, count: frames * outSize)
        x.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                let source = SharedPointer(base: UnsafeMutablePointer(mutating: input.baseAddress!))
                let target = SharedPointer(base: out.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: frames) { t in
                    kernel(
                        t, UnsafeBufferPointer(start: source.base + t * inSize, count: inSize),
                        UnsafeMutableBufferPointer(start: target.base + t * outSize, count: outSize))
                }
            }
        }
        let shape = x.rank == 2 ? [newHeight, newWidth] : [frames, newHeight, newWidth]
        return Tensor(shape: shape, scalars: output)
    }

    /// Runs `body(t)` for t in 0..<count in parallel and collects the results in order.
    static func collect<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let shared = UnsafeSendableSlots(base: slots.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { shared.base[$0] = body($0) }
        return (0..<count).map { slots[$0]! }
    }

    struct UnsafeSendableSlots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T?>
    }
}
