import Foundation
import NN
import Tensor

/// One-file checkpoints: weights, optimiser moments, generator state and step.
///
/// Layout (safetensors): tensors `model.<parameter>`, `optimizer.m.<parameter>`,
/// `optimizer.v.<parameter>`; metadata `format = pt`, `e3dlstm.configuration` (JSON),
/// `trainer.options` (JSON), `trainer.step`, `trainer.generator` (the SplitMix64 state),
/// `adam.step` — integers as decimal strings, so the resume is exact.
extension E3DLSTMTrainer {
    /// The checkpoint bytes; `resume(from:)` continues bit for bit.
    public func checkpoint() throws -> [UInt8] {
        var tensors: [String: Tensor] = [:]
        for (name, value) in model.parameterTensors { tensors["model.\(name)"] = value }
        let (moments, adamMetadata) = state.optimizer.safetensorsContent
        for (name, value) in moments { tensors["optimizer.\(name)"] = value }
        var metadata = model.weightsMetadata().merging(adamMetadata) { first, _ in first }
        let optionsJSON = try JSONEncoder.sorted.encode(options)
        metadata["trainer.options"] = String(decoding: optionsJSON, as: UTF8.self)
        metadata["trainer.step"] = String(stepCount)
        metadata["trainer.generator"] = String(state.generator.state)
        return [UInt8](Safetensors.encode(tensors, metadata: metadata))
    }

    /// A trainer (and its model) restored from `checkpoint()` bytes.
    /// - Throws: `E3DLSTMError.malformedCheckpoint` when a field is missing or malformed,
    ///   `NNError` for a malformed file or tensors that do not fit the stored configuration.
    public static func resume(from bytes: [UInt8]) throws -> E3DLSTMTrainer {
        let (tensors, metadata) = try Safetensors.decode(Data(bytes))
        guard let configuration = try E3DLSTMModel.storedConfiguration(safetensors: bytes) else {
            throw E3DLSTMError.malformedCheckpoint(reason: "no e3dlstm.configuration metadata")
        }
        guard let optionsText = metadata["trainer.options"],
            let options = try? JSONDecoder().decode(TrainingOptions.self, from: Data(optionsText.utf8))
        else { throw E3DLSTMError.malformedCheckpoint(reason: "no decodable trainer.options metadata") }
        guard let stepText = metadata["trainer.step"], let step = Int(stepText), step >= 0,
            let generatorText = metadata["trainer.generator"], let generatorState = UInt64(generatorText)
        else { throw E3DLSTMError.malformedCheckpoint(reason: "trainer.step or trainer.generator missing or not an integer") }

        let model = try E3DLSTMModel.load(safetensors: bytes, configuration: configuration)
        var moments: [String: Tensor] = [:]
        for (name, value) in tensors where name.hasPrefix("optimizer.") { moments[String(name.dropFirst(10))] = value }
        let adamState = try AdamState(safetensorsTensors: moments, metadata: metadata)
        let trainer = try E3DLSTMTrainer(model: model, options: options)
        trainer.restore(
            TrainingState(
                step: step, optimizer: adamState, generator: SplitMix64(seed: generatorState),
                truthProbability: options.truthProbability(atStep: step)))
        return trainer
    }
}
