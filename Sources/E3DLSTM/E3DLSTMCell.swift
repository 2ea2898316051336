public import Autodiff
public import NN
public import Tensor

/// One E3D-LSTM cell in the folded 2-D form (Docs/e3d-lstm.md §2–§3).
///
/// Shapes: batch N, cell input channels Cx, hidden channels Ch, grid h × w (after patching),
/// P = h·w positions. Every state is `[N, Ch, h, w]`. `*` is a k×k convolution with padding k/2,
/// `σ` the logistic sigmoid, `⊙` the element-wise product.
/// ```
/// [i, g, r, o]   = Norm₁(W_x,1:4 * X + b_x,1:4 + W_h * H)        (4·Ch channels)
/// [i', g', f']   = Norm₂(W_x,5:7 * X + b_x,5:7 + W_m * M)        (3·Ch channels)
/// recall         = softmax(σ(r)ᵀ · Kᵀ) · K,  K = [C_{t−τ}, …, C_{t−1}]  (per position, d = Ch)
/// C              = σ(i) ⊙ tanh(g) + LayerNorm(C_{t−1} + recall)
/// M'             = σ(f' + 1) ⊙ M + σ(i') ⊙ tanh(g')
/// O              = σ(o + W_o * [C, M'])
/// H              = O ⊙ tanh(W_f (1×1) · [C, M'] + b_f)
/// ```
/// Norm₁, Norm₂ are per-sample layer norms with per-channel affine when
/// `configuration.layerNorm`, otherwise the identity. Parameter names (`namedParameters`):
/// `inputConv.weight [7Ch, Cx, k, k]`, `inputConv.bias [7Ch]`, `hiddenConv.weight [4Ch, Ch, k, k]`,
/// `memoryConv.weight [3Ch, Ch, k, k]`, `outputConv.weight [Ch, 2Ch, k, k]`,
/// `fusionConv.weight [Ch, 2Ch, 1, 1]`, `fusionConv.bias [Ch]`, `cellNorm.{weight,bias} [Ch]`,
/// and with layer norm `gateNorm.{weight,bias} [4Ch]`, `memoryGateNorm.{weight,bias} [3Ch]`.
public final class E3DLSTMCell: Layer {
    public let inputChannels: Int
    public let hiddenChannels: Int
    public let kernelSize: Int
    public let inputConvWeight: Variable
    public let inputConvBias: Variable
    public let hiddenConvWeight: Variable
    public let memoryConvWeight: Variable
    public let outputConvWeight: Variable
    public let fusionConvWeight: Variable
    public let fusionConvBias: Variable
    public let cellNorm: LayerNorm
    public let gateNorm: LayerNorm?
    public let memoryGateNorm: LayerNorm?

    /// Weights from PyTorch's default U(±1/√fan-in); norms start at gain 1, shift 0.
    public init(inputChannels: Int, hiddenChannels: Int, kernelSize: Int, layerNorm: Bool, using generator: inout SplitMix64) {
        precondition(inputChannels >= 1 && hiddenChannels >= 1 && kernelSize % 2 == 1,
            "E3DLSTMCell: inputChannels \(inputChannels), hiddenChannels \(hiddenChannels), kernelSize \(kernelSize)")
        self.inputChannels = inputChannels
        self.hiddenChannels = hiddenChannels
        self.kernelSize = kernelSize
        let ch = hiddenChannels, area = kernelSize * kernelSize
        func parameter(_ shape: [Int], fanIn: Int) -> Variable {
            Variable(Initialization.uniformFanIn(shape, fanIn: fanIn, using: &generator), requiresGradient: true)
        }
        inputConvWeight = parameter([7 * ch, inputChannels, kernelSize, kernelSize], fanIn: inputChannels * area)
        inputConvBias = parameter([7 * ch], fanIn: inputChannels * area)
        hiddenConvWeight = parameter([4 * ch, ch, kernelSize, kernelSize], fanIn: ch * area)
        memoryConvWeight = parameter([3 * ch, ch, kernelSize, kernelSize], fanIn: ch * area)
        outputConvWeight = parameter([ch, 2 * ch, kernelSize, kernelSize], fanIn: 2 * ch * area)
        fusionConvWeight = parameter([ch, 2 * ch, 1, 1], fanIn: 2 * ch)
        fusionConvBias = parameter([ch], fanIn: 2 * ch)
        cellNorm = LayerNorm(channels: ch)
        gateNorm = layerNorm ? LayerNorm(channels: 4 * ch) : nil
        memoryGateNorm = layerNorm ? LayerNorm(channels: 3 * ch) : nil
    }

    public var namedParameters: [(String, Variable)] {
        var list: [(String, Variable)] = [
            ("inputConv.weight", inputConvWeight), ("inputConv.bias", inputConvBias),
            ("hiddenConv.weight", hiddenConvWeight), ("memoryConv.weight", memoryConvWeight),
            ("outputConv.weight", outputConvWeight),
            ("fusionConv.weight", fusionConvWeight), ("fusionConv.bias", fusionConvBias),
        ]
        list += cellNorm.namedParameters(prefixedBy: "cellNorm")
        if let gateNorm { list += gateNorm.namedParameters(prefixedBy: "gateNorm") }
        if let memoryGateNorm { list += memoryGateNorm.namedParameters(prefixedBy: "memoryGateNorm") }
        return list
    }

    /// The recurrent state of one cell.
    public struct State {
        /// H, `[N, Ch, h, w]`.
        public var hidden: Variable
        /// C, `[N, Ch, h, w]`.
        public var cell: Variable
        /// The last ≤ τ cell states, oldest first, each `[N, Ch, h, w]` (starts as one zero state).
        public var history: [Variable]
    }

    /// Zero state for a batch on an `height × width` grid.
    public func initialState(batch: Int, height: Int, width: Int) -> State {
        let zero = Variable(Tensor(zeros: [batch, hiddenChannels, height, width]))
        return State(hidden: zero, cell: zero, history: [zero])
    }

    /// One time step: consumes X `[N, Cx, h, w]` and M `[N, Ch, h, w]`, updates `state`
    /// (history kept to `historyLength` entries) and returns the new memory M'.
    public func step(input: Variable, memory: Variable, state: inout State, historyLength: Int) -> Variable {
        let ch = hiddenChannels, pad = kernelSize / 2
        let inputConvolution = { conv2d(input, weight: self.inputConvWeight, bias: self.inputConvBias, padding: [pad, pad]) }
        let previousHidden = state.hidden
        let stateConvolutions = {
            (conv2d(previousHidden, weight: self.hiddenConvWeight, padding: [pad, pad]), conv2d(memory, weight: self.memoryConvWeight, padding: [pad, pad]))
        }
        // One sample cannot be spread over the cores by sample: the independent convolutions
        // of X and of (H, M) run side by side instead (a one-sequence rollout).
        let (inputGates, (hiddenGates, memoryGatesFromM)) = input.shape[0] == 1
            ? inParallel(inputConvolution, stateConvolutions) : (inputConvolution(), stateConvolutions())
        let parts = inputGates.split(axis: 1, sizes: [4 * ch, 3 * ch])
        var gates = parts[0] + hiddenGates
        if let gateNorm { gates = gateNorm(gates) }
        var memoryGates = parts[1] + memoryGatesFromM
        if let memoryGateNorm { memoryGates = memoryGateNorm(memoryGates) }

        let recallGate = sigmoid(gates.slice(axis: 1, range: (2 * ch)..<(3 * ch)))
        let recalled = eideticRecall(query: recallGate, history: state.history)
        let normalized = cellNorm(state.cell + recalled)
        let joint = CellUpdate.cellAndMemory(gates: gates, memoryGates: memoryGates, normalized: normalized, memory: memory)
        let hidden = CellUpdate.hidden(
            gates: gates, outputPre: conv2d(joint, weight: outputConvWeight, padding: [pad, pad]),
            fusionPre: conv2d(joint, weight: fusionConvWeight, bias: fusionConvBias))
        let cell = joint.slice(axis: 1, range: 0..<ch)
        let newMemory = joint.slice(axis: 1, range: ch..<(2 * ch))

        state.hidden = hidden
        state.cell = cell
        state.history.append(cell)
        if state.history.count > historyLength { state.history.removeFirst(state.history.count - historyLength) }
        return newMemory
    }
}
