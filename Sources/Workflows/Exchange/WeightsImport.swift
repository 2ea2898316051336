import Autodiff
public import E3DLSTM
public import Foundation
import NN
import ProjectStore
public import Tensor

/// `arch.json`: which model the weights belong to and how it is configured.
///
/// ```json
/// {"model": "e3d-lstm",
///  "configuration": { … E3DLSTMConfiguration fields … },
///  "parameters": {"cells.0.conv_x.weight": [448, 16, 2, 5, 5], …}}
/// ```
/// `parameters` (optional) lists every tensor name and shape the model expects; until the
/// E3D-LSTM model is merged it is the only shape check (see `WeightsImport.validateWeights`).
public struct WeightsArchitecture: Codable, Sendable, Equatable {
    public var model: String
    public var configuration: JSONValue?
    public var parameters: [String: [Int]]?

    /// The E3D-LSTM configuration, when `model` is `e3d-lstm` and `configuration` is present.
    public func e3dlstmConfiguration() throws -> E3DLSTMConfiguration? {
        guard model.lowercased() == "e3d-lstm", let configuration else { return nil }
        do { return try JSON.decode(E3DLSTMConfiguration.self, from: try JSON.encode(configuration)) } catch {
            throw OperandoError(.dataError, "arch.json: configuration is not an E3D-LSTM configuration (\(error))")
        }
    }

    public init(model: String, configuration: JSONValue? = nil, parameters: [String: [Int]]? = nil) {
        self.model = model
        self.configuration = configuration
        self.parameters = parameters
    }
}

/// Metadata of an imported `weights` artifact.
public struct ImportedWeightsMetadata: Codable, Sendable {
    public var model: String
    public var architecture: WeightsArchitecture
    /// Tensor name → shape, as found in the file.
    public var tensors: [String: [Int]]
    public var parameterCount: Int
    /// The file's name when imported and its SHA-256.
    public var sourceFile: String
    public var sha256: String
    /// The dataset the weights were trained on, when given.
    public var trainedOn: String?
    /// The safetensors `__metadata__` block.
    public var fileMetadata: [String: String]
}

/// What `operando import-weights` did.
public struct WeightsImportReport: Codable, Sendable {
    public var weights: String
    /// False when the same file with the same architecture was imported before.
    public var imported: Bool
    public var tensorCount: Int
    public var parameterCount: Int
}

/// Brings weights trained elsewhere (PyTorch, `safetensors.torch.save_file`) into the store as
/// a `weights` artifact made by a run of kind `import-weights` that used the training dataset.
/// The artifact's identity is the file's SHA-256 plus the architecture, so importing twice stores
/// one artifact.
public enum WeightsImport {
    public static func run(project: Project, weights: URL, architecture: URL, trainedOn: String?) throws -> WeightsImportReport {
        guard let data = FileManager.default.contents(atPath: weights.path) else {
            throw OperandoError(.noInput, "cannot read the weights file \(weights.path)")
        }
        guard let architectureData = FileManager.default.contents(atPath: architecture.path) else {
            throw OperandoError(.noInput, "cannot read the architecture file \(architecture.path)")
        }
        let arch: WeightsArchitecture
        do { arch = try JSON.decode(WeightsArchitecture.self, from: [UInt8](architectureData)) } catch {
            throw OperandoError(.dataError, "\(architecture.path) is not an architecture description ({\"model\": …, \"configuration\": {…}, \"parameters\": {name: shape}}): \(error)")
        }
        let decoded: (tensors: [String: Tensor], metadata: [String: String])
        do { decoded = try Safetensors.decode(data, path: weights.path) } catch {
            throw OperandoError(.dataError, "\(weights.path) is not a float32 safetensors file: \(error)")
        }
        try validateWeights(decoded.tensors, against: arch)

        var used: [(artifactId: String, role: String)] = []
        if let trainedOn {
            let dataset = try project.database.artifact(trainedOn)
            guard dataset.kind == ArtifactKind.dataset.rawValue else {
                throw OperandoError(.usage, "--trained-on \(trainedOn) is a \(dataset.kind), not a dataset; list datasets with `operando datasets`")
            }
            used.append((artifactId: dataset.id, role: "training-data"))
        }
        // Blobs first (content-addressed, so a repeated import writes nothing new); their hashes
        // make the identity. A failure after this point leaves at most orphan blobs for `gc`.
        let architectureText = try JSON.string(arch)
        let weightsBlob = try project.blobs.put([UInt8](data))
        let architectureBlob = try project.blobs.put(Array(architectureText.utf8))
        let identity = "import:\(weightsBlob.hash):\(architectureBlob.hash)"
        let parameterCount = decoded.tensors.values.map(\.count).reduce(0, +)
        if let existing = try project.database.artifact(identity: identity) {
            return WeightsImportReport(weights: existing.id, imported: false, tensorCount: decoded.tensors.count, parameterCount: parameterCount)
        }
        let metadata = ImportedWeightsMetadata(
            model: arch.model, architecture: arch, tensors: decoded.tensors.mapValues(\.shape), parameterCount: parameterCount,
            sourceFile: weights.lastPathComponent, sha256: weightsBlob.hash, trainedOn: used.first?.artifactId, fileMetadata: decoded.metadata)
        let (stored, _) = try RunRecorder.record(
            project, kind: "import-weights",
            parameters: ["file": .text(weights.path), "sha256": .text(weightsBlob.hash), "model": .text(arch.model)], used: used
        ) { recorder in
            let draft = try recorder.artifact(
                .weights, name: weights.deletingPathExtension().lastPathComponent, identity: identity, metadata: metadata,
                files: ["weights": weightsBlob, "architecture": architectureBlob])
            return ([draft], ["parameters": .integer(Int64(parameterCount))], ())
        }
        return WeightsImportReport(weights: stored[0].id, imported: true, tensorCount: decoded.tensors.count, parameterCount: parameterCount)
    }

    // MARK: - The model seam

    /// Checks that `tensors` are a complete, finite parameter set of the model `arch` describes.
    ///
    /// **Merge point (lead):** once `E3DLSTM` is merged, build the model from
    /// `arch.configuration` (`E3DLSTMConfiguration`) and compare against its `namedParameters`
    /// (names and shapes) — or call `E3DLSTMModel.load(safetensors:configuration:)` — instead of
    /// `arch.parameters`. The naming contract is in Docs/scale-out.md.
    ///
    /// Today: the file must hold at least one tensor, every value must be finite, and when
    /// `arch.parameters` is given the names and shapes must match it exactly.
    /// - Throws: `OperandoError(.dataError)` naming the missing, unexpected and mis-shaped tensors.
    public static func validateWeights(_ tensors: [String: Tensor], against arch: WeightsArchitecture) throws {
        guard !tensors.isEmpty else { throw OperandoError(.dataError, "the weights file holds no tensors") }
        var problems: [String] = []
        if let expected = try arch.parameters ?? expectedE3DLSTMParameters(arch) {
            let missing = Set(expected.keys).subtracting(tensors.keys).sorted()
            let unexpected = Set(tensors.keys).subtracting(expected.keys).sorted()
            let misshaped = expected.keys.sorted().compactMap { name -> String? in
                guard let tensor = tensors[name], tensor.shape != expected[name] else { return nil }
                return "\(name) is \(tensor.shape), the architecture says \(expected[name]!)"
            }
            if !missing.isEmpty { problems.append("missing \(missing.count) tensor(s): \(listed(missing))") }
            if !unexpected.isEmpty { problems.append("\(unexpected.count) tensor(s) the architecture does not have: \(listed(unexpected))") }
            if !misshaped.isEmpty { problems.append("\(misshaped.count) shape mismatch(es): \(listed(misshaped))") }
        }
        let nonFinite = tensors.keys.sorted().filter { name in tensors[name]!.scalars.contains { !$0.isFinite } }
        if !nonFinite.isEmpty { problems.append("non-finite values in \(listed(nonFinite))") }
        guard problems.isEmpty else {
            throw OperandoError(
                .dataError,
                "the weights do not fit the \(arch.model) architecture: \(problems.joined(separator: "; ")). Export the state_dict of the model this arch.json describes (names as in Docs/scale-out.md)")
        }
    }

    /// Names and shapes of the E3D-LSTM that `arch.configuration` describes (nil for other models).
    static func expectedE3DLSTMParameters(_ arch: WeightsArchitecture) throws -> [String: [Int]]? {
        guard let configuration = try arch.e3dlstmConfiguration() else { return nil }
        let model = try E3DLSTMModel(configuration: configuration, seed: 0)
        return Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.0, $0.1.value.shape) })
    }

    private static func listed(_ items: [String]) -> String {
        items.count <= 5 ? items.joined(separator: ", ") : items.prefix(5).joined(separator: ", ") + ", … (\(items.count - 5) more)"
    }
}
