/// The architecture of an E3D-LSTM surrogate (see Docs/e3d-lstm.md for every choice).
///
/// Frames `[H, W]` with `inputChannels` channels are cut into `patchSize × patchSize` patches
/// (space-to-depth), so the recurrent core runs on an `H/p × W/p` grid with `p²·inputChannels`
/// channels per frame. The first cell sees a window of `windowLength` consecutive frames stacked
/// along the channel axis (the folded form of the 2×5×5 temporal convolution, Docs/e3d-lstm.md §2).
///
/// ```swift
/// let small = E3DLSTMConfiguration(layers: 2, hiddenChannels: 16)
/// try small.validate()
/// ```
public struct E3DLSTMConfiguration: Codable, Sendable, Equatable {
    /// Number of stacked E3D-LSTM cells (K).
    public var layers: Int
    /// Channels of every hidden state H, cell C and memory M (Ch).
    public var hiddenChannels: Int
    /// Side of the square space-to-depth patch (p); frames must be divisible by it.
    public var patchSize: Int
    /// Channels of one input frame (1 for a gray field).
    public var inputChannels: Int
    /// Eidetic history length τ: the number of past cell states each cell attends to (≥ 1).
    /// Bounded, so rollouts cost O(frames·τ) instead of O(frames²).
    public var historyLength: Int
    /// Frames in the first cell's input window (the temporal kernel extent, 2 in the paper).
    public var windowLength: Int
    /// Spatial kernel side of every gate convolution (odd; 5 in the paper).
    public var kernelSize: Int
    /// Keep each predicted frame's pixel mean equal to that of the frame it was predicted from
    /// (per sample and channel): conserved order parameter, e.g. spinodal decomposition.
    public var massConserving: Bool
    /// Layer-normalise the summed gate pre-activations (per sample over C, H, W; per-channel
    /// gain and shift, so the model runs at any grid size). The cell-state norm is always on.
    public var layerNorm: Bool
    /// Predict the change x̂ₜ₊₁ − xₜ instead of the frame itself.
    public var predictsResidual: Bool
    /// Clamp predicted frames to [0, 1], in training as at inference, so the model learns on the
    /// frames it will feed back to itself; the gradient passes the clamp straight through.
    /// Incompatible with `massConserving` (clamping would change the mean).
    public var clampsOutput: Bool
    /// Context frames of a training clip (ground truth is always fed for these).
    public var inputFrames: Int
    /// Frames predicted after the context in a training clip (clip length = in + out).
    public var outputFrames: Int

    public init(
        layers: Int = 4, hiddenChannels: Int = 64, patchSize: Int = 4, inputChannels: Int = 1,
        historyLength: Int = 5, windowLength: Int = 2, kernelSize: Int = 5, massConserving: Bool = false,
        layerNorm: Bool = true, predictsResidual: Bool = true, clampsOutput: Bool = true,
        inputFrames: Int = 10, outputFrames: Int = 10
    ) {
        self.layers = layers
        self.hiddenChannels = hiddenChannels
        self.patchSize = patchSize
        self.inputChannels = inputChannels
        self.historyLength = historyLength
        self.windowLength = windowLength
        self.kernelSize = kernelSize
        self.massConserving = massConserving
        self.layerNorm = layerNorm
        self.predictsResidual = predictsResidual
        self.clampsOutput = clampsOutput && !massConserving
        self.inputFrames = inputFrames
        self.outputFrames = outputFrames
    }

    /// Channels of one patched frame: p²·inputChannels.
    public var patchedChannels: Int { patchSize * patchSize * inputChannels }

    /// Input channels of cell `layer` (0-based): the frame window for the first, H of the cell
    /// below for the others.
    public func cellInputChannels(layer: Int) -> Int {
        layer == 0 ? windowLength * patchedChannels : hiddenChannels
    }

    /// Training clip length: `inputFrames + outputFrames`.
    public var clipLength: Int { inputFrames + outputFrames }

    /// Throws `E3DLSTMError.invalidConfiguration` for the first value out of range.
    public func validate() throws {
        func require(_ ok: Bool, _ field: String, _ value: Any, _ requirement: String) throws {
            if !ok { throw E3DLSTMError.invalidConfiguration(field: field, value: "\(value)", requirement: requirement) }
        }
        try require(layers >= 1, "layers", layers, "≥ 1")
        try require(hiddenChannels >= 1, "hiddenChannels", hiddenChannels, "≥ 1")
        try require(patchSize >= 1, "patchSize", patchSize, "≥ 1")
        try require(inputChannels >= 1, "inputChannels", inputChannels, "≥ 1")
        try require(historyLength >= 1, "historyLength", historyLength, "≥ 1")
        try require(windowLength >= 1, "windowLength", windowLength, "≥ 1")
        try require(kernelSize >= 1 && kernelSize % 2 == 1, "kernelSize", kernelSize, "odd and ≥ 1")
        try require(inputFrames >= 1, "inputFrames", inputFrames, "≥ 1")
        try require(outputFrames >= 1, "outputFrames", outputFrames, "≥ 1")
        try require(!(clampsOutput && massConserving), "clampsOutput", clampsOutput, "false when massConserving is on")
    }
}
