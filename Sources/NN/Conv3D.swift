public import Autodiff
public import Tensor

/// 3-D convolution layer (im2col + sgemm), PyTorch `nn.Conv3d` semantics and parameter names.
///
/// Input `[N, inputChannels, D, H, W]` → `[N, outputChannels, D', H', W']`, each output extent
/// `(in + 2·padding − kernel) / stride + 1`. Weight `[O, C, kD, kH, kW]` ("weight"), optional
/// bias `[O]` ("bias"), initialised from U(−1/√(C·kD·kH·kW), +1/√(C·kD·kH·kW)).
/// E3D-LSTM gate convolutions are kernel `[2, 5, 5]`, padding `[0, 2, 2]`.
public final class Conv3D: Layer {
    public let weight: Variable
    public let bias: Variable?
    public let stride: [Int]
    public let padding: [Int]

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: [Int], stride: [Int] = [1, 1, 1], padding: [Int] = [0, 0, 0],
        bias: Bool = true, using generator: inout SplitMix64
    ) {
        precondition(kernelSize.count == 3 && stride.count == 3 && padding.count == 3, "Conv3D: kernel \(kernelSize), stride \(stride), padding \(padding) need 3 entries")
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
        conv3d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
