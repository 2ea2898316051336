import Autodiff
import NN
import Tensor
import Testing
import TestSupport
@testable import E3DLSTM

struct E3DLSTMTrainerTests {
    /// 3 steps, checkpoint, resume, 3 more steps == 6 uninterrupted steps, bit for bit
    /// (augmentation and scheduled sampling on, so the generator state matters).
    @Test func resumeContinuesBitForBit() throws {
        let options = TrainingOptions(totalSteps: 6, samplingDecaySteps: 4, augmentation: true, seed: 77)
        let batches = (0..<6).map { driftingBlobClips(batch: 2, frames: 5, size: 8, seed: UInt64(100 + $0)) }
        let straight = try E3DLSTMTrainer(model: E3DLSTMModel(configuration: tinyConfiguration(layers: 2), seed: 4), options: options)
        let straightLosses = try batches.map { try straight.step(clips: $0) }

        let first = try E3DLSTMTrainer(model: E3DLSTMModel(configuration: tinyConfiguration(layers: 2), seed: 4), options: options)
        var resumedLosses = try batches[0..<3].map { try first.step(clips: $0) }
        let resumed = try E3DLSTMTrainer.resume(from: first.checkpoint())
        #expect(resumed.state == first.state)
        resumedLosses += try batches[3..<6].map { try resumed.step(clips: $0) }

        #expect(resumedLosses == straightLosses)
        #expect(resumed.model.parameterTensors == straight.model.parameterTensors)
        #expect(resumed.state == straight.state)
        #expect(resumed.state.step == 6)
    }

    /// Groups of samples run side by side on parameter replicas give the loss and gradients of
    /// the whole batch as one graph (batch 5 as groups of 1, 2 and 2); a grouped step ends with
    /// the model's gradients cleared.
    @Test func groupedLossAndGradientsEqualOneGraph() throws {
        let configuration = tinyConfiguration(layers: 2)
        let clips = driftingBlobClips(batch: 5, frames: 5, size: 8, seed: 21)
        let whole = try E3DLSTMTrainer(model: E3DLSTMModel(configuration: configuration, seed: 9), options: TrainingOptions())
        let grouped = try E3DLSTMTrainer(model: E3DLSTMModel(configuration: configuration, seed: 9), options: TrainingOptions())
        let frames = whole.model.patchedFrames(clips.reshaped([5, 5, 1, 8, 8]), batch: 5, frames: 5)
        let masks = [Tensor(shape: [5, 1, 1, 1], scalars: [1, 0, 0, 1, 0]), Tensor(shape: [5, 1, 1, 1], scalars: [0, 1, 0, 0, 1])]
        let wholeLoss = try whole.lossAndGradients(frames: frames, masks: masks, groups: 1)
        let groupedLoss = try grouped.lossAndGradients(frames: frames, masks: masks, groups: 3)
        expectClose(groupedLoss, wholeLoss, rtol: 1e-5)
        let reference = Dictionary(uniqueKeysWithValues: whole.model.namedParameters.map { ($0.0, $0.1.grad) })
        for (name, parameter) in grouped.model.namedParameters {
            let expected = try #require(reference[name] ?? nil, "\(name) has a gradient")
            expectClose(try #require(parameter.grad), expected, rtol: 1e-4, atol: 1e-6, "\(name)")
        }
        try grouped.step(clips: clips)
        #expect(grouped.model.namedParameters.allSatisfy { $0.1.grad == nil })
    }

    @Test func frozenCellsKeepTheirWeights() throws {
        let model = try E3DLSTMModel(configuration: tinyConfiguration(layers: 2), seed: 2)
        let before = model.parameterTensors
        let trainer = try E3DLSTMTrainer(model: model, options: TrainingOptions(totalSteps: 2, freezeLayers: 1))
        try trainer.step(clips: driftingBlobClips(batch: 1, frames: 5, size: 8, seed: 3))
        for (name, value) in model.parameterTensors {
            if name.hasPrefix("cells.0.") {
                #expect(value == before[name], "\(name) is frozen")
            } else {
                #expect(value != before[name], "\(name) trains")
            }
        }
    }

    @Test func schedulesFollowTheirFormulas() {
        let options = TrainingOptions(learningRate: 1e-3, finalLearningRate: 1e-5, totalSteps: 100, samplingDecaySteps: 50)
        expectClose(options.learningRate(atStep: 0), 1e-3)
        expectClose(options.learningRate(atStep: 50), 1e-5 + (1e-3 - 1e-5) * 0.5, rtol: 1e-5)
        expectClose(options.learningRate(atStep: 100), 1e-5)
        expectClose(options.learningRate(atStep: 1_000), 1e-5)
        expectClose(options.truthProbability(atStep: 0), 1)
        expectClose(options.truthProbability(atStep: 25), 0.5)
        expectClose(options.truthProbability(atStep: 80), 0)
    }

    /// Validation is a free-running rollout: it equals the L1 + L2 error of `predict` on the
    /// output frames (computed here independently from the predicted tensor), with and without
    /// output clamping (training and inference clamp alike).
    @Test(arguments: [false, true]) func validationLossScoresTheRollout(clamps: Bool) throws {
        var configuration = tinyConfiguration()
        configuration.clampsOutput = clamps
        let model = try E3DLSTMModel(configuration: configuration, seed: 6)
        let trainer = try E3DLSTMTrainer(model: model, options: TrainingOptions())
        let clips = driftingBlobClips(batch: 2, frames: 5, size: 8, seed: 12)
        let predicted = try model.predict(context: clips.slice(axis: 1, range: 0..<2), frames: 3)
        let truth = clips.slice(axis: 1, range: 2..<5)
        var absolute = 0.0, squared = 0.0
        for (p, t) in zip(predicted.scalars, truth.scalars) {
            absolute += Double(abs(p - t))
            squared += Double((p - t) * (p - t))
        }
        let expected = Float((absolute + squared) / Double(truth.count))
        expectClose(try trainer.validationLoss(clips: clips), expected, rtol: 1e-5)
        if clamps {
            #expect(predicted.scalars.allSatisfy { (0...1).contains($0) })
            configuration.clampsOutput = false
            let raw = try E3DLSTMModel(configuration: configuration, seed: 6).predict(context: clips.slice(axis: 1, range: 0..<2), frames: 3)
            #expect(raw.scalars.contains { !(0...1).contains($0) }, "the same weights leave [0, 1] unclamped: the clamp was exercised")
        }
    }
}
