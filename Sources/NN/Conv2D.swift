public import Autodiff
public import Tensor

/// 2-D convolution layer (im2col + sgemm), PyTorch `nn.Conv2d` semantics and parameter names.
///
/// Input `[N, inputChannels, H, W]` → `[N, outputChannels, H', W']`,
/// `H' = (H + 2·padding.h − kernel.h) / stride.h + 1`. Weight `[O, C, kH, kW]` ("weight"),
/// optional bias `[O]` ("bias"), both initialised from U(−1/√(C·kH·kW), +1/√(C·kH·kW)).
public final class Conv2D: Layer {
    public let weight: Variable
    public let bias: Variable?
    public let stride: [Int]
    public let padding: [Int]

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: [Int], stride: [Int] = [1, 1], padding: [Int] = [0, 0],
        bias: Bool = true, using generator: inout SplitMix64
    ) {
        precondition(kernelSize.count == 2 && stride.count == 2 && padding.count == 2, "Conv2D: kernel \(kernelSize), stride \(stride), padding \(padding) need 2 entries")
        let fanIn = inputChannels * kernelSize.reduce(1, *)
        weight = Variable(
            Initialization.uniformFanIn([outputChannels, inputChannels] + kernelSize, fanIn: fanIn, using: &generator),
            requiresGradient: true)
        self.bias = bias ? Variable(Initialization.uniformFanIn([outputChannels], fanIn: fanIn, using: &generator), requiresGradient: true) : nil
        self.stride = stride
        self.padding = padding
    }

    public var namedParameters: [(String, Variable)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
