/// Shapes of one 3-D convolution: input `[N, C, D, H, W]`, weight `[O, C, kD, kH, kW]`,
/// output `[N, O, D', H', W']` with `D' = (D + 2·padD − kD) / strideD + 1` (likewise H', W').
public struct ConvolutionGeometry: Sendable, Equatable {
    public let batch: Int
    public let inputChannels: Int
    public let outputChannels: Int
    /// Input extents (D, H, W).
    public let input: [Int]
    /// Kernel extents (kD, kH, kW).
    public let kernel: [Int]
    /// Strides (sD, sH, sW), each ≥ 1.
    public let stride: [Int]
    /// Zero padding on both sides (pD, pH, pW), each ≥ 0.
    public let padding: [Int]
    /// Output extents (D', H', W').
    public let output: [Int]

    /// - Precondition: rank-5 shapes, matching channels, and a kernel that fits the padded input.
    public init(inputShape: [Int], weightShape: [Int], stride: [Int], padding: [Int]) {
        precondition(
            inputShape.count == 5 && weightShape.count == 5 && stride.count == 3 && padding.count == 3,
            "conv3d: input \(inputShape) must be [N, C, D, H, W], weight \(weightShape) [O, C, kD, kH, kW], 3 strides \(stride), 3 paddings \(padding)")
        precondition(
            inputShape[1] == weightShape[1],
            "conv3d: input channels \(inputShape[1]) ≠ weight input channels \(weightShape[1])")
        precondition(stride.allSatisfy { $0 >= 1 } && padding.allSatisfy { $0 >= 0 }, "conv3d: stride \(stride), padding \(padding)")
        batch = inputShape[0]
        inputChannels = inputShape[1]
        outputChannels = weightShape[0]
        input = Array(inputShape[2...])
        kernel = Array(weightShape[2...])
        self.stride = stride
        self.padding = padding
        output = (0..<3).map { (inputShape[2 + $0] + 2 * padding[$0] - weightShape[2 + $0]) / stride[$0] + 1 }
        precondition(
            (0..<3).allSatisfy { inputShape[2 + $0] + 2 * padding[$0] >= weightShape[2 + $0] },
            "conv3d: kernel \(kernel) larger than padded input \(input) with padding \(padding)")
    }

    /// Output positions per sample, D'·H'·W'.
    public var outputPositions: Int { output.reduce(1, *) }
    /// Input positions per sample, D·H·W.
    public var inputPositions: Int { input.reduce(1, *) }
    /// Rows of the im2col matrix, C·kD·kH·kW (the GEMM inner dimension).
    public var patchSize: Int { inputChannels * kernel.reduce(1, *) }
    /// Multiply-adds of the forward pass: N · O · D'H'W' · C·kD·kH·kW.
    public var forwardMultiplyAdds: Int { batch * outputChannels * outputPositions * patchSize }
    /// Output shape `[N, O, D', H', W']`.
    public var outputShape: [Int] { [batch, outputChannels] + output }
    /// Input shape `[N, C, D, H, W]`.
    public var inputShape: [Int] { [batch, inputChannels] + input }
    /// Weight shape `[O, C, kD, kH, kW]`.
    public var weightShape: [Int] { [outputChannels, inputChannels] + kernel }
}

extension ConvolutionGeometry {
    /// Extents of the zero-padded input volume (D + 2pD, H + 2pH, W + 2pW).
    var paddedInputExtents: [Int] { (0..<3).map { input[$0] + 2 * padding[$0] } }
}
