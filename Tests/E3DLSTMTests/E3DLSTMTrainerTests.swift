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
    /// output frames (computed here independently from the predicted tensor).
    @Test func validationLossScoresTheRollout() throws {
        var configuration = tinyConfiguration()
        configuration.clampsOutput = false
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
    }
}
