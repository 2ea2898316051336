import E3DLSTM
public import Inference
import PhaseField
public import ProjectStore
public import Tensor

/// The E3D-LSTM surrogate as an inference forward model: the dendrite simulator for the model's
/// context frames, the network's rollout for the rest.
///
/// For a template of `T` frames and a model reading `c` context frames, `simulate` runs
/// `simulator` for frames `0..<c` (identical to the simulator's first `c` frames for the same
/// parameters and seed) and appends `model.predict(context:frames: T − c)`: `[T, H, W]` on the
/// simulator's grid and frame spacing.
public struct SurrogateForwardModel: ForwardModel {
    /// The simulator set-up (grid, output side, frame count, spacing) of the bank.
    public let simulator: DendriteForwardModel
    /// Id of the weights artifact.
    public let weights: String
    private let network: SharedNetwork

    public var parameterNames: [String] { simulator.parameterNames }
    public var frameInterval: Double { simulator.frameInterval }

    public func simulate(parameters: [String: Double], seed: UInt64) throws -> Tensor {
        let total = simulator.template.frameCount
        let contextLength = network.model.configuration.inputFrames
        var template = simulator.template
        template.frameCount = contextLength
        let context = try DendriteForwardModel(template: template).simulate(parameters: parameters, seed: seed)
        let side = template.outputSize
        let rollout = try network.model.predict(context: context, frames: total - contextLength)
        return Tensor.concatenate([context, rollout.reshaped([total - contextLength, side, side])], axis: 0)
    }

    /// Loads `weights` as a surrogate of `simulator`, refusing weights it cannot use: not an
    /// E3D-LSTM on one grey channel, a patch that does not divide the frame side, no frame left
    /// to predict after the context, or — when the weights' training set is known — another
    /// physics, frame side or number of simulation cells per pixel than the bank's.
    /// - Throws: `OperandoError(.usage)` naming the weights and what to do instead.
    public static func load(weights: ArtifactRecord, project: Project, simulator: DendriteForwardModel) throws -> SurrogateForwardModel {
        let model = try SurrogateLoader.load(weights, project: project)
        let configuration = model.configuration
        let template = simulator.template
        let (side, grid) = (template.outputSize, template.gridSize)
        let named = "weights \(weights.id)" + (weights.name.map { " (\($0))" } ?? "")
        func refuse(_ reason: String) -> OperandoError { OperandoError(.usage, "\(named) cannot serve as the surrogate engine: \(reason)") }
        guard configuration.inputChannels == 1 else {
            throw refuse("the model reads \(configuration.inputChannels) channels per frame, the stack has one grey channel")
        }
        guard side % configuration.patchSize == 0 else {
            throw refuse("its patch size \(configuration.patchSize) does not divide the stack's \(side)×\(side) frames; use weights whose patch divides \(side)")
        }
        guard template.frameCount > configuration.inputFrames else {
            throw refuse("the bank needs \(template.frameCount) frames, no more than the model's \(configuration.inputFrames) context frames; use the simulator engine")
        }
        if let trained = try trainingSetUp(of: weights, project: project) {
            guard trained.physics == PhenomenonKind.dendrite.rawValue else {
                throw refuse("it was trained on \(trained.physics) simulations, not dendrite")
            }
            guard trained.side == side else {
                throw refuse("it was trained on \(trained.side)×\(trained.side) frames, the stack maps to \(side)×\(side); resample the stack to \(trained.side)×\(trained.side) or train on \(side)×\(side) frames")
            }
            guard trained.grid * side == grid * trained.side else {
                throw refuse("it was trained on \(trained.grid)² cells → \(trained.side)² pixels, the stack maps to \(grid)² → \(side)²; choose --length-unit so that a pixel is \(trained.grid / trained.side) cells, or train at this resolution")
            }
        }
        return SurrogateForwardModel(simulator: simulator, weights: weights.id, network: SharedNetwork(model: model))
    }

    /// Physics, frame side and simulation grid of the dataset the weights were trained on
    /// (followed through fine-tuning parents); nil when the weights do not say.
    static func trainingSetUp(of weights: ArtifactRecord, project: Project) throws -> (physics: String, side: Int, grid: Int)? {
        var current = weights
        while true {
            let datasetId: String?
            if let trained = try? JSON.decode(WeightsMetadata.self, from: current.metadata) {
                if trained.dataset == nil, let parent = trained.parent {
                    current = try project.database.artifact(parent)
                    continue
                }
                datasetId = trained.dataset
            } else if let checkpoint = try? JSON.decode(TrainWorkflow.CheckpointMetadata.self, from: current.metadata) {
                datasetId = checkpoint.dataset
            } else {
                datasetId = (try? JSON.decode(ImportedWeightsMetadata.self, from: current.metadata))?.trainedOn
            }
            guard let datasetId else { return nil }
            let dataset = try JSON.decode(DatasetMetadata.self, from: try project.database.artifact(datasetId).metadata)
            let grid = dataset.request["grid"].flatMap { Int($0) } ?? DendriteParameters().gridSize
            return (dataset.model, dataset.sequenceShape[1], grid)
        }
    }
}

/// The network, shared read-only by the bank's worker threads: `predict` runs without gradients
/// and never writes the parameters, so concurrent rollouts are safe.
private final class SharedNetwork: @unchecked Sendable {
    let model: E3DLSTMModel
    init(model: E3DLSTMModel) { self.model = model }
}
