import E3DLSTM
import Foundation
import Hashing
import ImageFiles
import Preprocessing
import ProjectStore
import Tensor

/// One output of a reproduced run: the hash the store holds and the hash recomputed now.
public struct ReproducedOutput: Codable, Sendable, Equatable {
    /// The stored artifact.
    public var artifact: String
    /// What was hashed: `file` (the imported file's bytes), `array` (the decoded array),
    /// `frames` (the `.npy` blob of a preprocessed stack, simulation or prediction).
    public var what: String
    public var expected: String
    public var actual: String
    public var matched: Bool
    /// For a mismatch: max |stored − recomputed| over the arrays, when their shapes agree.
    public var maxAbsDifference: Double?
    /// For a mismatch: why no difference is given (shapes differ, the file is gone…).
    public var note: String?
}

/// What `operando reproduce RUN` found.
public struct ReproduceReport: Codable, Sendable, Equatable {
    public var run: String
    public var kind: String
    public var seed: Int64?
    /// The software version recorded with the run, and the one that reproduced it.
    public var recordedVersion: String
    public var currentVersion: String
    public var outputs: [ReproducedOutput]

    /// True when every output was recomputed bit for bit.
    public var matched: Bool { !outputs.isEmpty && outputs.allSatisfy(\.matched) }
}

/// `operando reproduce RUN`: re-runs a finished run from what the store recorded — inputs,
/// parameters, seeds — and compares each output's hash with the stored one.
///
/// Reproducible kinds are the deterministic ones:
/// - `import`: re-reads the recorded path; compares the file SHA-256 and the decoded array
///   SHA-256 with the stack's `StackMetadata`.
/// - `preprocess`: re-applies the recorded canonical recipe to the recorded input through
///   `PreprocessWorkflow.apply` and compares the `.npy` blob hash.
/// - `simulate`: re-runs every point (model, parameters, seed from `SimulationMetadata`) with
///   `SimulationPointRunner` and compares each frames blob hash.
/// - `predict`: reloads the weights and the stack, rolls out again and compares the blob hash.
///
/// Reproduction is a read-only check: it writes no artifact, no blob and no run into the
/// store, so it can run on a read-shared project and any number of times.
public enum Reproduce {
    /// The run kinds `run` can reproduce.
    public static let reproducibleKinds = ["import", "preprocess", "simulate", "predict"]

    /// Reproduces the run named by `reference` (a unique id prefix).
    /// - Throws: `OperandoError(.usage)` for a kind that is not reproducible or a run that did not
    ///   finish; store errors for an unknown run.
    public static func run(project: Project, run reference: String) throws -> ReproduceReport {
        let run = try project.database.run(reference)
        guard reproducibleKinds.contains(run.kind) else {
            throw OperandoError(
                .usage,
                "run \(run.id) is a '\(run.kind)' run, which cannot be reproduced bit for bit; reproducible kinds are \(reproducibleKinds.joined(separator: ", "))")
        }
        guard run.status == .done else {
            throw OperandoError(.usage, "run \(run.id) is \(run.status.rawValue); only finished (done) runs can be reproduced")
        }
        let parameters = try project.database.values(of: run.id, role: "parameter")
        let edges = try project.database.edges(ofRun: run.id)
        // Outputs: generated artifacts, and those the run re-derived but found already stored.
        let outputIds = edges.filter { $0.relation == .generated || $0.role == "reused" }.map(\.artifactId).sorted()
        let inputs = Dictionary(edges.filter { $0.relation == .used && $0.role != "reused" }.map { ($0.role, $0.artifactId) }) { first, _ in first }
        let outputs = try outputIds.map { try project.database.artifact($0) }
        guard !outputs.isEmpty else { throw OperandoError(.dataError, "run \(run.id) recorded no outputs; there is nothing to compare") }

        let compared: [ReproducedOutput]
        switch run.kind {
        case "import": compared = try outputs.flatMap { try reproduceImport($0, parameters: parameters, project: project) }
        case "preprocess": compared = try outputs.map { try reproducePreprocess($0, parameters: parameters, inputs: inputs, project: project) }
        case "simulate": compared = try outputs.map { try reproduceSimulation($0, project: project) }
        default: compared = try outputs.map { try reproducePrediction($0, parameters: parameters, inputs: inputs, project: project) }
        }
        return ReproduceReport(
            run: run.id, kind: run.kind, seed: run.seed, recordedVersion: run.softwareVersion,
            currentVersion: SoftwareVersion.current, outputs: compared)
    }

    /// Import: the recorded file, hashed and decoded again.
    static func reproduceImport(_ artifact: ArtifactRecord, parameters: [String: ParameterValue], project: Project) throws -> [ReproducedOutput] {
        let metadata = try JSON.decode(StackMetadata.self, from: artifact.metadata)
        let path = parameters["path"].flatMap { if case .text(let text) = $0 { text } else { nil } } ?? metadata.sourcePath
        guard FileManager.default.fileExists(atPath: path) else {
            return [
                ReproducedOutput(
                    artifact: artifact.id, what: "file", expected: metadata.fileSHA256, actual: "", matched: false,
                    note: "\(path) no longer exists")
            ]
        }
        let fileHash = try ImportWorkflow.fileSHA256(path)
        let stack = try TIFFReader.read(path: path)
        let arrayHash = SHA256.hexDigest(of: stack.data)
        var difference: Double?
        var note: String?
        if arrayHash != metadata.arraySHA256 {
            let stored = ImageStack(
                dtype: metadata.dtype, shape: metadata.shape, axes: metadata.axes,
                data: try project.blobs.get(metadata.arraySHA256), calibration: metadata.calibration)
            (difference, note) = compare(stored.floatFrames(), stack.floatFrames())
        }
        return [
            ReproducedOutput(
                artifact: artifact.id, what: "file", expected: metadata.fileSHA256, actual: fileHash,
                matched: fileHash == metadata.fileSHA256),
            ReproducedOutput(
                artifact: artifact.id, what: "array", expected: metadata.arraySHA256, actual: arrayHash,
                matched: arrayHash == metadata.arraySHA256, maxAbsDifference: difference, note: note),
        ]
    }

    /// Preprocess: the recorded canonical recipe applied again to the recorded input.
    static func reproducePreprocess(
        _ artifact: ArtifactRecord, parameters: [String: ParameterValue], inputs: [String: String], project: Project
    ) throws -> ReproducedOutput {
        guard case .text(let recipeText)? = parameters["recipe"], let inputId = inputs["input"] else {
            throw OperandoError(.dataError, "the preprocess run of \(artifact.id) recorded no recipe or no input")
        }
        let recipe: Recipe
        do { recipe = try JSON.decode(Recipe.self, from: recipeText) } catch {
            throw OperandoError(.dataError, "the recorded recipe of \(artifact.id) no longer parses: \(error)")
        }
        let input = try StackLoader.load(try project.database.artifact(inputId), project: project)
        let frames = try PreprocessWorkflow.apply(recipe, to: input).frames
        return try compareFrames(artifact, recomputed: frames, project: project)
    }

    /// Simulate: the point (model, parameters, seed) recorded in the artifact, run again.
    static func reproduceSimulation(_ artifact: ArtifactRecord, project: Project) throws -> ReproducedOutput {
        let metadata = try JSON.decode(SimulationMetadata.self, from: artifact.metadata)
        let point = SweepPoint(model: metadata.model, parameters: metadata.parameters, seed: metadata.seed)
        guard let frames = try SimulationPointRunner().run(point)["frames"] else {
            throw OperandoError(.software, "the simulation of point \(metadata.point.prefix(12)) returned no frames")
        }
        return try compareFrames(artifact, recomputed: frames, project: project)
    }

    /// Predict: the recorded weights rolled out again from the recorded stack and frame.
    static func reproducePrediction(
        _ artifact: ArtifactRecord, parameters: [String: ParameterValue], inputs: [String: String], project: Project
    ) throws -> ReproducedOutput {
        guard case .integer(let fromFrame)? = parameters["fromFrame"], case .integer(let count)? = parameters["frames"],
            let weightsId = inputs["model"], let stackId = inputs["stack"]
        else {
            throw OperandoError(.dataError, "the predict run of \(artifact.id) recorded no fromFrame, frames, model or stack")
        }
        let model = try SurrogateLoader.load(try project.database.artifact(weightsId), project: project)
        let loaded = try StackLoader.load(try project.database.artifact(stackId), project: project)
        let contextLength = model.configuration.inputFrames
        let context = loaded.frames.slice(axis: 0, range: (Int(fromFrame) - contextLength)..<Int(fromFrame))
        let predicted = try model.predict(context: context, frames: Int(count))
            .reshaped([Int(count)] + Array(context.shape.dropFirst()))
        return try compareFrames(artifact, recomputed: predicted, project: project)
    }

    /// Compares recomputed frames with an artifact's stored `.npy` blob (role `data` or `frames`).
    static func compareFrames(_ artifact: ArtifactRecord, recomputed: Tensor, project: Project) throws -> ReproducedOutput {
        let files = try project.database.files(of: artifact.id)
        guard let expected = files["data"] ?? files["frames"] else {
            throw OperandoError(.dataError, "\(artifact.id) holds no frames blob to compare with")
        }
        let actual = SHA256.hexDigest(of: NPY.encode(recomputed))
        var output = ReproducedOutput(artifact: artifact.id, what: "frames", expected: expected, actual: actual, matched: actual == expected)
        if !output.matched {
            let stored = try NPY.decode(try project.blobs.get(expected), name: artifact.id)
            (output.maxAbsDifference, output.note) = compare(stored, recomputed)
        }
        return output
    }

    /// max |a − b| (float64) when the shapes agree, else a note naming both shapes.
    static func compare(_ stored: Tensor, _ recomputed: Tensor) -> (Double?, String?) {
        guard stored.shape == recomputed.shape else {
            return (nil, "shape \(stored.shape) stored, \(recomputed.shape) recomputed")
        }
        var largest = 0.0
        for (a, b) in zip(stored.scalars, recomputed.scalars) {
            let difference = abs(Double(a) - Double(b))
            if difference > largest || difference.isNaN { largest = difference }
        }
        return (largest, nil)
    }
}
