import Autodiff
import Glibc
import NN
import Tensor
import Testing
import TestSupport
@testable import E3DLSTM

/// Small clips with structure a model can learn: a Gaussian blob drifting by one pixel per frame.
func driftingBlobClips(batch: Int, frames: Int, size: Int, seed: UInt64) -> Tensor {
    var generator = SplitMix64(seed: seed)
    var values: [Float] = []
    for _ in 0..<batch {
        let startX = Float(size) * generator.nextUniform(), startY = Float(size) * generator.nextUniform()
        let width = 1.5 + generator.nextUniform()
        for t in 0..<frames {
            for r in 0..<size {
                for c in 0..<size {
                    let dx = Float(c) - (startX + Float(t) * 0.5), dy = Float(r) - startY
                    let squaredDistance: Float = dx * dx + dy * dy
                    let bump: Float = expf(-squaredDistance / (2 * width * width))
                    values.append(0.1 + 0.8 * bump)
                }
            }
        }
    }
    return Tensor(shape: [batch, frames, size, size], scalars: values)
}

func tinyConfiguration(layers: Int = 1, hidden: Int = 4, massConserving: Bool = false) -> E3DLSTMConfiguration {
    E3DLSTMConfiguration(
        layers: layers, hiddenChannels: hidden, patchSize: 2, historyLength: 2, kernelSize: 3,
        massConserving: massConserving, inputFrames: 2, outputFrames: 3)
}

struct E3DLSTMModelTests {
    /// The whole model (1 cell, 4 channels, 8×8 frames, patch 2, τ = 2, a 5-frame clip with one
    /// truth and one fed-back prediction in the sampling phase): analytic gradients of every
    /// parameter tensor vs central differences on 10 random elements each.
    /// Output clamping is off: its straight-through gradient is not the derivative by design.
    /// A batch of one takes the cell's side-by-side convolution path, a batch of two the plain one.
    @Test(arguments: [1, 2]) func gradientsMatchFiniteDifferences(batch: Int) throws {
        var configuration = tinyConfiguration()
        configuration.clampsOutput = false
        let model = try E3DLSTMModel(configuration: configuration, seed: 5)
        let trainer = try E3DLSTMTrainer(model: model, options: TrainingOptions(totalSteps: 10, augmentation: false))
        let clips = driftingBlobClips(batch: 2, frames: 5, size: 8, seed: 9).slice(axis: 0, range: 0..<batch)
        let frames = model.patchedFrames(clips.reshaped([batch, 5, 1, 8, 8]), batch: batch, frames: 5)
        let masks = [Tensor(shape: [batch, 1, 1, 1], scalars: Array([Float]([1, 0]).prefix(batch))), Tensor(zeros: [batch, 1, 1, 1])]
        func loss() -> Double { Double(trainer.sequenceLoss(model: model, frames: frames, masks: masks, firstScoredStep: 0).value.scalarValue) }

        model.zeroGradients()
        trainer.sequenceLoss(model: model, frames: frames, masks: masks, firstScoredStep: 0).backward()
        var generator = SplitMix64(seed: 2)
        let epsilon: Float = 2e-3
        var worst: Float = 0
        for (name, parameter) in model.namedParameters {
            let analytic = try #require(parameter.grad, "\(name) has a gradient")
            for _ in 0..<10 {
                let index = Int(generator.next() % UInt64(parameter.value.count))
                let original = parameter.value.scalars[index]
                parameter.value.scalars[index] = original + epsilon
                let plus = withoutGradients { loss() }
                parameter.value.scalars[index] = original - epsilon
                let minus = withoutGradients { loss() }
                parameter.value.scalars[index] = original
                let numeric = Float((plus - minus) / Double(2 * epsilon))
                let error = abs(analytic.scalars[index] - numeric)
                worst = max(worst, error)
                #expect(error <= 2e-4 + 3e-2 * abs(numeric), "\(name)[\(index)]: analytic \(analytic.scalars[index]) vs numeric \(numeric)")
            }
        }
        #expect(worst > 0, "the check compared real numbers")
    }

    /// A tiny model fits one clip: the training loss falls below 3 % of its start.
    @Test func overfitsOneClip() throws {
        let model = try E3DLSTMModel(configuration: tinyConfiguration(hidden: 8), seed: 1)
        let options = TrainingOptions(learningRate: 1e-2, finalLearningRate: 1e-3, totalSteps: 250, samplingDecaySteps: 100, augmentation: false)
        let trainer = try E3DLSTMTrainer(model: model, options: options)
        let clip = driftingBlobClips(batch: 1, frames: 5, size: 8, seed: 4)
        let first = try trainer.step(clips: clip)
        var last = first
        for _ in 1..<options.totalSteps { last = try trainer.step(clips: clip) }
        #expect(last < 0.03 * first, "loss \(first) → \(last)")
    }

    @Test func saveLoadPredictGivesIdenticalOutput() throws {
        let configuration = tinyConfiguration(layers: 2)
        let model = try E3DLSTMModel(configuration: configuration, seed: 8)
        let trainer = try E3DLSTMTrainer(model: model, options: TrainingOptions(totalSteps: 4))
        try trainer.step(clips: driftingBlobClips(batch: 2, frames: 5, size: 8, seed: 1))
        let context = driftingBlobClips(batch: 2, frames: 3, size: 8, seed: 2)
        let before = try model.predict(context: context, frames: 4)
        let bytes = model.weightsSafetensors()
        #expect(try E3DLSTMModel.storedConfiguration(safetensors: bytes) == configuration)
        let loaded = try E3DLSTMModel.load(safetensors: bytes, configuration: configuration)
        #expect(try loaded.predict(context: context, frames: 4) == before)
        #expect(before.shape == [2, 4, 8, 8])
        let wider = tinyConfiguration(layers: 2, hidden: 5)
        #expect(throws: NNError.self) { try E3DLSTMModel.load(safetensors: bytes, configuration: wider) }
    }

    /// 200-frame rollout: shape, finite, clamped to [0, 1]; the history stays bounded by τ.
    @Test func longRolloutStaysBounded() throws {
        let model = try E3DLSTMModel(configuration: tinyConfiguration(), seed: 3)
        let context = driftingBlobClips(batch: 1, frames: 2, size: 8, seed: 5).reshaped([2, 8, 8])
        let rollout = try model.predict(context: context, frames: 200)
        #expect(rollout.shape == [1, 200, 8, 8])
        #expect(rollout.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        var state = model.initialState(batch: 1, height: 4, width: 4)
        withoutGradients { for _ in 0..<10 { _ = model.step(Variable(Tensor(zeros: [1, 4, 4, 4])), state: &state) } }
        #expect(state.cells.allSatisfy { $0.history.count == 2 })
    }

    /// A batch of 5 (cut into one group per core, rolled out side by side) predicts exactly what
    /// each sequence predicts alone (one sample: convolutions side by side within the cell), in
    /// batch order.
    @Test func batchedRolloutEqualsOneSequenceAtATime() throws {
        let model = try E3DLSTMModel(configuration: tinyConfiguration(layers: 2), seed: 4)
        let context = driftingBlobClips(batch: 5, frames: 3, size: 8, seed: 7)
        let batched = try model.predict(context: context, frames: 4)
        for n in 0..<5 {
            let alone = try model.predict(context: context.slice(axis: 0, range: n..<(n + 1)), frames: 4)
            expectClose(batched.slice(axis: 0, range: n..<(n + 1)), alone, rtol: 1e-5, atol: 1e-6, "sequence \(n)")
        }
    }

    /// With mass conservation every predicted frame keeps the context's last-frame mean.
    @Test func massConservingRolloutKeepsTheMean() throws {
        let model = try E3DLSTMModel(configuration: tinyConfiguration(massConserving: true), seed: 3)
        let context = driftingBlobClips(batch: 2, frames: 2, size: 8, seed: 6)
        let rollout = try model.predict(context: context, frames: 6)
        for n in 0..<2 {
            let target = Double(context.slice(axis: 0, range: n..<(n + 1)).slice(axis: 1, range: 1..<2).mean())
            for t in 0..<6 {
                let mean = Double(rollout.slice(axis: 0, range: n..<(n + 1)).slice(axis: 1, range: t..<(t + 1)).mean())
                #expect(abs(mean - target) < 1e-5, "sample \(n) frame \(t): mean \(mean) vs \(target)")
            }
        }
    }

    @Test func refusesInputItCannotHandle() throws {
        let model = try E3DLSTMModel(configuration: tinyConfiguration(), seed: 1)
        #expect(throws: E3DLSTMError.gridNotDivisibleByPatch(height: 9, width: 8, patchSize: 2)) {
            try model.predict(context: Tensor(zeros: [1, 3, 9, 8]), frames: 1)
        }
        #expect(throws: E3DLSTMError.wrongChannelCount(expected: 1, found: 3, shape: [1, 3, 3, 8, 8])) {
            try model.predict(context: Tensor(zeros: [1, 3, 3, 8, 8]), frames: 1)
        }
        #expect(throws: E3DLSTMError.self) { try model.predict(context: Tensor(zeros: [8, 8]), frames: 1) }
        let trainer = try E3DLSTMTrainer(model: model, options: TrainingOptions())
        #expect(throws: E3DLSTMError.tooFewFrames(found: 2, needed: 3, purpose: "training clip")) {
            try trainer.step(clips: Tensor(zeros: [1, 2, 8, 8]))
        }
        #expect(throws: E3DLSTMError.self) { try E3DLSTMTrainer(model: model, options: TrainingOptions(freezeLayers: 2)) }
    }
}
