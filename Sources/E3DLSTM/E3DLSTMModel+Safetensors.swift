import Foundation
import NN
import Tensor

extension E3DLSTMModel {
    /// Metadata key under which the configuration is stored as JSON.
    static let configurationMetadataKey = "e3dlstm.configuration"

    /// The weights as one safetensors file (tensor names = `namedParameters` names, metadata
    /// `format: pt` and the configuration as JSON). Loads in `safetensors.torch.load_file`.
    public func weightsSafetensors() -> [UInt8] {
        [UInt8](Safetensors.encode(parameterTensors, metadata: weightsMetadata()))
    }

    func weightsMetadata() -> [String: String] {
        let json = (try? JSONEncoder.sorted.encode(configuration)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
        return ["format": "pt", Self.configurationMetadataKey: json]
    }

    /// A model with the given configuration and the weights of a `weightsSafetensors()` file.
    ///
    /// Tensors under a `"model."` prefix (a trainer checkpoint) are accepted too.
    /// - Throws: `NNError` for a malformed file, a missing tensor or a shape that does not fit
    ///   the configuration; `E3DLSTMError.invalidConfiguration` for a bad configuration.
    public static func load(safetensors bytes: [UInt8], configuration: E3DLSTMConfiguration) throws -> E3DLSTMModel {
        let model = try E3DLSTMModel(configuration: configuration, seed: 0)
        let (tensors, _) = try Safetensors.decode(Data(bytes))
        let prefixed = tensors.filter { $0.key.hasPrefix("model.") }
        if prefixed.isEmpty {
            try model.loadParameters(tensors)
        } else {
            try model.loadParameters(Dictionary(uniqueKeysWithValues: prefixed.map { (String($0.key.dropFirst(6)), $0.value) }))
        }
        return model
    }

    /// The configuration stored in a weights file or checkpoint, if any.
    public static func storedConfiguration(safetensors bytes: [UInt8]) throws -> E3DLSTMConfiguration? {
        let (_, metadata) = try Safetensors.decode(Data(bytes))
        guard let json = metadata[configurationMetadataKey] else { return nil }
        do {
            return try JSONDecoder().decode(E3DLSTMConfiguration.self, from: Data(json.utf8))
        } catch {
            throw E3DLSTMError.malformedCheckpoint(reason: "configuration JSON does not decode (\(error))")
        }
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so equal values give equal bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
