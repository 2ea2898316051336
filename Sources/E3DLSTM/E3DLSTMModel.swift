public import Autodiff
public import NN
public import Tensor

/// A stack of E3D-LSTM cells with space-to-depth patching and a 1×1 decoder: a next-frame
/// surrogate for a 2-D field (Docs/e3d-lstm.md).
///
/// Per recurrent step t, with patched frames x (`[N, p²C, h, w]`):
/// ```
/// X₁ = [x_{t−w+1}, …, x_t] (channel stack, zeros before the first frame)
/// for k in 1…K:  M ← cell_k(X_k, M),  X_{k+1} = H_k        (M zigzags up the stack and on to t+1)
/// d  = W_dec (1×1) · H_K + b_dec                            ([N, p²C, h, w])
/// x̂_{t+1} = (residual ? x_t : 0) + d,   minus the mean of d per sample and channel when mass-conserving
/// x̂_{t+1} ← min(max(x̂_{t+1}, 0), 1) when clamping (straight-through gradient in training)
/// ```
/// Parameter names: `cells.<k>.<cell parameter>` (see `E3DLSTMCell`), `decoder.weight [p²C, Ch, 1, 1]`,
/// `decoder.bias [p²C]`.
public final class E3DLSTMModel: Layer {
    public let configuration: E3DLSTMConfiguration
    public let cells: [E3DLSTMCell]
    public let decoderWeight: Variable
    public let decoderBias: Variable

    /// A freshly initialised model (weights drawn from `SplitMix64(seed:)`).
    /// - Throws: `E3DLSTMError.invalidConfiguration` when `configuration.validate()` fails.
    public init(configuration: E3DLSTMConfiguration, seed: UInt64) throws {
        try configuration.validate()
        self.configuration = configuration
        var generator = SplitMix64(seed: seed)
        cells = (0..<configuration.layers).map { layer in
            E3DLSTMCell(
                inputChannels: configuration.cellInputChannels(layer: layer), hiddenChannels: configuration.hiddenChannels,
                kernelSize: configuration.kernelSize, layerNorm: configuration.layerNorm, using: &generator)
        }
        let ch = configuration.hiddenChannels, out = configuration.patchedChannels
        decoderWeight = Variable(Initialization.uniformFanIn([out, ch, 1, 1], fanIn: ch, using: &generator), requiresGradient: true)
        decoderBias = Variable(Initialization.uniformFanIn([out], fanIn: ch, using: &generator), requiresGradient: true)
    }

    public var namedParameters: [(String, Variable)] {
        var list: [(String, Variable)] = []
        for (index, cell) in cells.enumerated() { list += cell.namedParameters(prefixedBy: "cells.\(index)") }
        return list + [("decoder.weight", decoderWeight), ("decoder.bias", decoderBias)]
    }

    /// The parameters of the first `count` cells (for freezing during fine-tuning).
    public func cellParameterNames(firstCells count: Int) -> Set<String> {
        var names: Set<String> = []
        for index in 0..<min(count, cells.count) {
            for (name, _) in cells[index].namedParameters(prefixedBy: "cells.\(index)") { names.insert(name) }
        }
        return names
    }

    // MARK: - Recurrence

    /// Everything the model carries from one step to the next.
    struct RecurrentState {
        var cells: [E3DLSTMCell.State]
        var memory: Variable
        /// The last `windowLength` input frames (patched), oldest first.
        var window: [Variable]
    }

    func initialState(batch: Int, height: Int, width: Int) -> RecurrentState {
        let zeroFrame = Variable(Tensor(zeros: [batch, configuration.patchedChannels, height, width]))
        return RecurrentState(
            cells: cells.map { $0.initialState(batch: batch, height: height, width: width) },
            memory: Variable(Tensor(zeros: [batch, configuration.hiddenChannels, height, width])),
            window: Array(repeating: zeroFrame, count: configuration.windowLength))
    }

    /// One recurrent step: consumes the patched frame x_t `[N, p²C, h, w]`, returns x̂_{t+1}.
    func step(_ frame: Variable, state: inout RecurrentState) -> Variable {
        state.window.removeFirst()
        state.window.append(frame)
        var input = state.window.count == 1 ? frame : Variable.concatenate(state.window, axis: 1)
        var memory = state.memory
        for (index, cell) in cells.enumerated() {
            memory = cell.step(input: input, memory: memory, state: &state.cells[index], historyLength: configuration.historyLength)
            input = state.cells[index].hidden
        }
        state.memory = memory
        var change = conv2d(input, weight: decoderWeight, bias: decoderBias)
        if configuration.massConserving {
            let shape = change.shape
            let grouped = change.reshaped([shape[0], configuration.inputChannels, -1])
            change = (grouped - grouped.mean(alongAxes: [2])).reshaped(shape)
            if !configuration.predictsResidual {
                let reference = frame.reshaped([shape[0], configuration.inputChannels, -1]).mean(alongAxes: [2])
                change = (change.reshaped([shape[0], configuration.inputChannels, -1]) + reference).reshaped(shape)
            }
        }
        let next = configuration.predictsResidual ? frame + change : change
        return configuration.clampsOutput ? unitClampStraightThrough(next) : next
    }

    // MARK: - Input layouts

    /// Checks that a frame sequence can be fed to this model and returns it as
    /// `[N, T, C, H, W]` dimensions.
    ///
    /// Accepted: `[T, H, W]` and `[N, T, H, W]` when `inputChannels == 1`; `[T, C, H, W]`
    /// (when C > 1) and `[N, T, C, H, W]` always.
    /// - Throws: `E3DLSTMError.unsupportedInputRank`, `.wrongChannelCount`,
    ///   `.gridNotDivisibleByPatch`, `.tooFewFrames`.
    @discardableResult
    public func validateInput(shape: [Int]) throws -> (batch: Int, frames: Int, channels: Int, height: Int, width: Int) {
        let channels = configuration.inputChannels
        let dims: (Int, Int, Int, Int, Int)
        switch shape.count {
        case 3 where channels == 1: dims = (1, shape[0], 1, shape[1], shape[2])
        case 4 where channels == 1: dims = (shape[0], shape[1], 1, shape[2], shape[3])
        case 4: dims = (1, shape[0], shape[1], shape[2], shape[3])
        case 5: dims = (shape[0], shape[1], shape[2], shape[3], shape[4])
        default:
            let accepted = channels == 1
                ? "[T, H, W], [N, T, H, W] or [N, T, 1, H, W]" : "[T, \(channels), H, W] or [N, T, \(channels), H, W]"
            throw E3DLSTMError.unsupportedInputRank(shape: shape, accepted: accepted)
        }
        let (batch, frames, found, height, width) = dims
        if found != channels { throw E3DLSTMError.wrongChannelCount(expected: channels, found: found, shape: shape) }
        let p = configuration.patchSize
        if height < p || width < p || height % p != 0 || width % p != 0 {
            throw E3DLSTMError.gridNotDivisibleByPatch(height: height, width: width, patchSize: p)
        }
        if batch < 1 { throw E3DLSTMError.unsupportedInputRank(shape: shape, accepted: "a batch of at least one sequence") }
        if frames < 1 { throw E3DLSTMError.tooFewFrames(found: frames, needed: 1, purpose: "input") }
        return (batch, frames, found, height, width)
    }

    /// The patched frames of a validated sequence `[N, T, C, H, W]`: T tensors `[N, p²C, H/p, W/p]`.
    func patchedFrames(_ sequence: Tensor, batch: Int, frames: Int) -> [Tensor] {
        let c = configuration.inputChannels, p = configuration.patchSize
        let (height, width) = (sequence.shape[sequence.rank - 2], sequence.shape[sequence.rank - 1])
        let flat = sequence.reshaped([batch, frames, c * height * width])
        return (0..<frames).map { t in
            flat.slice(axis: 1, range: t..<(t + 1)).reshaped([batch, c, height, width]).spaceToDepth(blockSize: p)
        }
    }

    // MARK: - Inference

    /// Predicts `frames` frames after a context sequence, without recording gradients.
    ///
    /// The model consumes the T context frames, then feeds back its own predictions:
    /// T + frames − 1 steps, each costing the same (the history is bounded by τ), so 200-frame
    /// rollouts are fine. Output values are clamped to [0, 1] when `clampsOutput`. Sequences are
    /// independent, so a batch is cut into one group per core (`BLAS.threadCount`) and the groups
    /// roll out side by side, each with single-threaded kernels: no synchronisation per step.
    /// - Parameters:
    ///   - context: `[N, T, H, W]` or `[T, H, W]` (C = 1), or `[N, T, C, H, W]`.
    ///   - frames: number of frames to predict (≥ 1).
    /// - Returns: `[N, frames, H, W]` for C = 1, else `[N, frames, C, H, W]` (N = 1 for unbatched input).
    /// - Throws: as `validateInput(shape:)`, and `.tooFewFrames` for `frames < 1`.
    public func predict(context: Tensor, frames: Int) throws -> Tensor {
        let (batch, contextFrames, channels, height, width) = try validateInput(shape: context.shape)
        if frames < 1 { throw E3DLSTMError.tooFewFrames(found: frames, needed: 1, purpose: "prediction length") }
        let patched = patchedFrames(context, batch: batch, frames: contextFrames)
        let groups = min(batch, BLAS.threadCount)
        var outputs: [[Tensor]] = Array(repeating: [], count: groups)
        if groups == 1 {
            outputs[0] = rollout(patched, frames: frames)
        } else {
            outputs.withUnsafeMutableBufferPointer { slots in
                parallelChunks(count: groups, minimumChunk: 1) { indices in
                    for group in indices {
                        let samples = (group * batch / groups)..<((group + 1) * batch / groups)
                        slots[group] = rollout(patched.map { $0.slice(axis: 0, range: samples) }, frames: frames)
                    }
                }
            }
        }
        let perFrame = (0..<frames).map { f in groups == 1 ? outputs[0][f] : Tensor.concatenate(outputs.map { $0[f] }, axis: 0) }
        let joined = Tensor.concatenate(perFrame.map { $0.reshaped([batch, 1, channels * height * width]) }, axis: 1)
        return channels == 1 ? joined.reshaped([batch, frames, height, width]) : joined.reshaped([batch, frames, channels, height, width])
    }

    /// The free-running prediction of `frames` frames `[n, C, H, W]` after patched context frames
    /// (`[n, p²C, h, w]` each), without recording gradients. Kernels called from inside a
    /// parallel group run single-threaded (nested Dispatch work runs inline).
    private func rollout(_ patched: [Tensor], frames: Int) -> [Tensor] {
        let p = configuration.patchSize, shape = patched[0].shape
        return withoutGradients {
            var state = initialState(batch: shape[0], height: shape[2], width: shape[3])
            var prediction = Variable(Tensor(zeros: [0]))
            var outputs: [Tensor] = []
            for t in 0..<(patched.count + frames - 1) {
                let input = t < patched.count ? Variable(patched[t]) : prediction
                prediction = step(input, state: &state)
                if t >= patched.count - 1 { outputs.append(prediction.value.depthToSpace(blockSize: p)) }
            }
            return outputs
        }
    }
}
