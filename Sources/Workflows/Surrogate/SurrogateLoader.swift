public import E3DLSTM
public import ProjectStore

/// Loads the E3D-LSTM of a weights artifact (final weights or a checkpoint).
public enum SurrogateLoader {
    public static func load(_ artifact: ArtifactRecord, project: Project) throws -> E3DLSTMModel {
        guard artifact.kind == ArtifactKind.weights.rawValue else {
            throw OperandoError(.usage, "\(artifact.id) is a \(artifact.kind), not model weights")
        }
        let files = try project.database.files(of: artifact.id)
        if let checkpoint = files["checkpoint"] {
            return try E3DLSTMTrainer.resume(from: try project.blobs.get(checkpoint)).model
        }
        guard let weights = files["weights"] else { throw OperandoError(.dataError, "\(artifact.id) has no weights file") }
        if let metadata = try? JSON.decode(WeightsMetadata.self, from: artifact.metadata) {
            return try E3DLSTMModel.load(safetensors: try project.blobs.get(weights), configuration: metadata.configuration)
        }
        // Weights trained elsewhere (`operando import-weights`) carry their architecture.
        let imported = try JSON.decode(ImportedWeightsMetadata.self, from: artifact.metadata)
        guard let configuration = try imported.architecture.e3dlstmConfiguration() else {
            throw OperandoError(.usage, "\(artifact.id) holds \(imported.architecture.model) weights, not an E3D-LSTM with a configuration")
        }
        return try E3DLSTMModel.load(safetensors: try project.blobs.get(weights), configuration: configuration)
    }
}
