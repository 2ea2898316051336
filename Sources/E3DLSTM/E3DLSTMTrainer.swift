public import Autodiff
import NN
public import Tensor

/// Trains an `E3DLSTMModel` on clips of `inputFrames + outputFrames` frames
/// (Docs/e3d-lstm.md, "Training").
///
/// One update (`step(clips:)`):
/// 1. with augmentation on, every clip gets one random `SquareSymmetry` operation;
/// 2. the model runs L − 1 recurrent steps over the clip (L = clip length). Step t consumes the
///    true frame x_t for t < inputFrames, else `m·x_t + (1 − m)·x̂_t` with m ~ Bernoulli(η) per
///    clip and step (scheduled sampling; the gradient flows through x̂);
/// 3. loss = mean |x̂ − x| + mean (x̂ − x)² over the L − 1 predictions x̂_1 … x̂_{L−1};
/// 4. backward, global-norm clipping, Adam with the cosine learning rate; the first
///    `freezeLayers` cells are not updated.
///
/// ```swift
/// let model = try E3DLSTMModel(configuration: .init(layers: 2, hiddenChannels: 16), seed: 1)
/// let trainer = try E3DLSTMTrainer(model: model, options: TrainingOptions(totalSteps: 5_000))
/// for batch in batches { print(try trainer.step(clips: batch)) }      // batch [N, 20, H, W]
/// let bytes = try trainer.checkpoint()                                  // exact resume later
/// ```
public final class E3DLSTMTrainer {
    public let model: E3DLSTMModel
    public let options: TrainingOptions
    private var optimizer: Adam
    private var generator: SplitMix64
    /// Updates applied so far.
    public private(set) var stepCount: Int
    /// At most this many groups of samples train side by side (default: one per core).
    var parallelGroups = BLAS.threadCount
    /// Parameter copies for groups 1, 2, … (group 0 uses `model`), made on first use.
    private var replicas: [E3DLSTMModel] = []

    /// - Throws: `E3DLSTMError.invalidTrainingOption` when `options.validate(layers:)` fails.
    public init(model: E3DLSTMModel, options: TrainingOptions) throws {
        try options.validate(layers: model.configuration.layers)
        AllocatorTuning.retainFreedMemory()
        self.model = model
        self.options = options
        self.optimizer = Adam(learningRate: options.learningRate)
        self.generator = SplitMix64(seed: options.seed)
        self.stepCount = 0
    }

    /// The resumable state (with the weights in `model`, all a resume needs).
    public var state: TrainingState {
        TrainingState(
            step: stepCount, optimizer: optimizer.state, generator: generator,
            truthProbability: options.truthProbability(atStep: stepCount))
    }

    /// Restores step count, optimiser state and generator (weights are set on `model`).
    public func restore(_ state: TrainingState) {
        stepCount = state.step
        optimizer.restore(state.optimizer)
        generator = state.generator
    }

    /// The parameters the optimiser updates: all but those of the first `freezeLayers` cells.
    public var trainableParameters: [(String, Variable)] {
        let frozen = model.cellParameterNames(firstCells: options.freezeLayers)
        return model.namedParameters.filter { !frozen.contains($0.0) }
    }

    /// Checks a batch of training or validation clips and returns its dimensions.
    /// - Throws: as `E3DLSTMModel.validateInput(shape:)`; `.tooFewFrames` when the clip is not
    ///   longer than `inputFrames`.
    @discardableResult
    public func validateClips(shape: [Int]) throws -> (batch: Int, frames: Int, channels: Int, height: Int, width: Int) {
        let dims = try model.validateInput(shape: shape)
        let needed = model.configuration.inputFrames + 1
        if dims.frames < needed { throw E3DLSTMError.tooFewFrames(found: dims.frames, needed: needed, purpose: "training clip") }
        return dims
    }

    /// One optimisation update on a batch of clips `[N, L, H, W]` (or `[N, L, C, H, W]`).
    /// - Returns: the loss before the update.
    /// - Throws: as `validateClips(shape:)`.
    @discardableResult
    public func step(clips: Tensor) throws -> Float {
        let dims = try validateClips(shape: clips.shape)
        var sequence = clips.reshaped([dims.batch, dims.frames, dims.channels, dims.height, dims.width])
        if options.augmentation { sequence = augmented(sequence) }
        let eta = options.truthProbability(atStep: stepCount)
        let inputFrames = model.configuration.inputFrames
        var masks: [Tensor] = []
        for _ in inputFrames..<(dims.frames - 1) {
            var values = [Float](repeating: 0, count: dims.batch)
            for n in 0..<dims.batch { values[n] = generator.nextUniform() < eta ? 1 : 0 }
            masks.append(Tensor(shape: [dims.batch, 1, 1, 1], scalars: values))
        }
        let frames = model.patchedFrames(sequence, batch: dims.batch, frames: dims.frames)
        model.zeroGradients()
        let lossValue = try lossAndGradients(frames: frames, masks: masks, groups: min(dims.batch, parallelGroups))
        let trainable = trainableParameters
        clipGradientsByGlobalNorm(trainable, maximumNorm: options.maximumGradientNorm)
        optimizer.learningRate = options.learningRate(atStep: stepCount)
        optimizer.update(trainable)
        model.zeroGradients()
        stepCount += 1
        return lossValue
    }

    /// The training loss of a batch, with its gradients accumulated into `model`'s parameters.
    ///
    /// Samples are independent until the loss, so the batch is cut into `groups` groups that run
    /// forward and backward side by side, one per core, each building its own graph on its own
    /// parameter leaves (`model` for group 0, replicas holding the same values for the others);
    /// the model's gradients are then the sums over the groups. Every loss term is a mean over
    /// the batch, so loss = Σ_g (N_g / N)·loss_g. No kernel waits for another core, and the
    /// graph bookkeeping between kernels runs on both cores instead of one.
    func lossAndGradients(frames: [Tensor], masks: [Tensor], groups: Int) throws -> Float {
        if groups == 1 {
            let loss = sequenceLoss(model: model, frames: frames, masks: masks, firstScoredStep: 0)
            loss.backward()
            return loss.value.scalarValue
        }
        while replicas.count < groups - 1 { replicas.append(try E3DLSTMModel(configuration: model.configuration, seed: 0)) }
        let members = [model] + replicas.prefix(groups - 1)
        let parameters = model.namedParameters.map(\.1)
        for replica in members.dropFirst() {
            for (copy, original) in zip(replica.namedParameters.map(\.1), parameters) {
                copy.value = original.value
                copy.zeroGradient()
            }
        }
        let batch = frames[0].shape[0]
        var losses = [Float](repeating: 0, count: groups)
        losses.withUnsafeMutableBufferPointer { slots in
            parallelChunks(count: groups, minimumChunk: 1) { indices in
                for group in indices {
                    let samples = (group * batch / groups)..<((group + 1) * batch / groups)
                    let loss = sequenceLoss(
                        model: members[group], frames: frames.map { $0.slice(axis: 0, range: samples) },
                        masks: masks.map { $0.slice(axis: 0, range: samples) }, firstScoredStep: 0
                    ) * (Float(samples.count) / Float(batch))
                    loss.backward()
                    slots[group] = loss.value.scalarValue
                }
            }
        }
        for replica in members.dropFirst() {
            for (original, copy) in zip(parameters, replica.namedParameters.map(\.1)) {
                guard let gradient = copy.grad else { continue }
                if original.grad == nil { original.grad = gradient } else { original.grad! += gradient }
                copy.zeroGradient()
            }
        }
        return losses.reduce(0, +)
    }

    /// The loss of free-running prediction on held-out clips (no augmentation, no gradient):
    /// the model sees `inputFrames` true frames and then only its own predictions; the score is
    /// mean |x̂ − x| + mean (x̂ − x)² over the predicted frames `inputFrames ..< L`.
    /// - Throws: as `validateClips(shape:)`.
    public func validationLoss(clips: Tensor) throws -> Float {
        let dims = try validateClips(shape: clips.shape)
        let sequence = clips.reshaped([dims.batch, dims.frames, dims.channels, dims.height, dims.width])
        let frames = model.patchedFrames(sequence, batch: dims.batch, frames: dims.frames)
        let inputFrames = model.configuration.inputFrames
        let zeros = Tensor(zeros: [dims.batch, 1, 1, 1])
        return withoutGradients {
            sequenceLoss(
                model: model, frames: frames, masks: Array(repeating: zeros, count: dims.frames - 1 - inputFrames),
                firstScoredStep: inputFrames - 1
            ).value.scalarValue
        }
    }

    /// L1 + L2 loss of `model`'s recurrent run over patched frames (patching only permutes pixels, so
    /// the means equal those over the frames). Steps from `firstScoredStep` on are scored.
    /// `masks[j]` `[N, 1, 1, 1]` selects truth (1) or prediction (0) at step `inputFrames + j`.
    func sequenceLoss(model: E3DLSTMModel, frames: [Tensor], masks: [Tensor], firstScoredStep: Int) -> Variable {
        let inputFrames = model.configuration.inputFrames
        let first = frames[0].shape
        var state = model.initialState(batch: first[0], height: first[2], width: first[3])
        var prediction: Variable?
        var total: Variable?
        for t in 0..<(frames.count - 1) {
            let input: Variable
            if t < inputFrames || prediction == nil {
                input = Variable(frames[t])
            } else {
                let mask = masks[t - inputFrames]
                input = Variable(frames[t] * mask) + prediction! * Variable(1 - mask)
            }
            prediction = model.step(input, state: &state)
            guard t >= firstScoredStep else { continue }
            let target = Variable(frames[t + 1])
            let term = meanAbsoluteError(prediction!, target) + meanSquaredError(prediction!, target)
            total = total.map { $0 + term } ?? term
        }
        return total! * (1 / Float(frames.count - 1 - firstScoredStep))
    }

    /// Each clip of `[N, T, C, H, W]` transformed by one random shape-preserving symmetry.
    func augmented(_ sequence: Tensor) -> Tensor {
        let batch = sequence.shape[0]
        let choices = SquareSymmetry.shapePreserving(height: sequence.shape[3], width: sequence.shape[4])
        let clips = (0..<batch).map { n -> Tensor in
            let operation = choices[Int(generator.next() % UInt64(choices.count))]
            return operation.apply(to: sequence.slice(axis: 0, range: n..<(n + 1)))
        }
        return Tensor.concatenate(clips, axis: 0)
    }
}
