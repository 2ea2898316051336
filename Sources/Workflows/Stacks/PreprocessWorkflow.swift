public import Foundation
import Hashing
public import Preprocessing
import ProjectStore
import Tensor

/// Metadata of a preprocessed stack.
public struct PreprocessedMetadata: Codable, Sendable {
    public var shape: [Int]
    public var pixelSize: Quantity?
    public var frameInterval: Quantity?
    public var valueMeaning: String
    /// The recipe in canonical form; its SHA-256 and `Pipeline.algorithmVersion` make up the
    /// artifact's identity (with the input).
    public var recipe: String
    public var recipeSHA256: String
    public var input: String
    public var inputValues: String
    public var steps: [StepLog]
    /// Per-frame observables of the result (solid = value ≥ 0.5).
    public var observables: [FrameObservables]
}

/// `operando preprocess STACK …`: run a recipe on a stack and store the result linked to its input.
public enum PreprocessWorkflow {
    public struct Outcome: Codable, Sendable {
        public var artifact: String
        public var reused: Bool
        public var shape: [Int]
        public var steps: [StepLog]

        /// One line per step: `2. {"kind":"resize",…} → [40, 64, 64]  [notes]`.
        public var stepLines: [String] {
            steps.map { step in
                let notes = step.notes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
                return "\(step.index + 1). \(step.step) → \(step.outputShape)\(notes.isEmpty ? "" : "  [\(notes)]")"
            }
        }
    }

    /// Runs (or reuses) `recipe` on the stack given by `reference`.
    /// - Throws: recipe errors before any work, `OperandoError` for a stack that is not a time series.
    public static func run(project: Project, stack reference: String, recipe: Recipe, name: String?) throws -> Outcome {
        try recipe.validate()
        let input = try project.artifact(reference, .stack, .preprocessedStack, .simulation)
        let recipeText = recipe.canonicalDescription
        let recipeHash = SHA256.hexDigest(of: Array(recipeText.utf8))
        let identity = "preprocess:\(input.id):\(recipeHash):algorithms\(Pipeline.algorithmVersion)"
        if let existing = try project.database.artifact(identity: identity) {
            let metadata = try JSON.decode(PreprocessedMetadata.self, from: existing.metadata)
            return Outcome(artifact: existing.id, reused: true, shape: metadata.shape, steps: metadata.steps)
        }
        let loaded = try StackLoader.load(input, project: project)
        _ = try Pipeline.plan(recipe, inputShape: loaded.frames.shape)
        let parameters: [String: ParameterValue] = [
            "recipe": .text(recipeText), "recipeSHA256": .text(recipeHash), "input": .text(input.id),
            "algorithmVersion": .integer(Int64(Pipeline.algorithmVersion)),
        ]
        let (stored, result) = try RunRecorder.record(project, kind: "preprocess", parameters: parameters, used: [(input.id, "input")]) { recorder in
            let result = try apply(recipe, to: loaded)
            let convention = recipe.steps.contains { step in
                if case .convert = step { return true }
                if case .segment = step { return true }
                return false
            }
            let metadata = PreprocessedMetadata(
                shape: result.frames.shape,
                pixelSize: loaded.pixelSize.map { Quantity(value: result.calibration.pixelSize, unit: $0.unit) },
                frameInterval: loaded.frameInterval.map { Quantity(value: result.calibration.frameInterval, unit: $0.unit) },
                valueMeaning: convention ? "fraction solid [0, 1] (solid = 1)" : "\(loaded.valueMeaning), filtered",
                recipe: recipeText, recipeSHA256: recipeHash, input: input.id, inputValues: loaded.valueMeaning,
                steps: result.log, observables: Observables.measure(result.frames))
            let blob = try recorder.put(NPY.encode(result.frames))
            let draft = try recorder.artifact(
                .preprocessedStack, name: name ?? "\(input.name ?? input.id)-pre", identity: identity, metadata: metadata, files: ["data": blob])
            return ([draft], ["frames": ParameterValue.integer(Int64(result.frames.shape[0]))], result)
        }
        return Outcome(artifact: stored[0].id, reused: false, shape: result.frames.shape, steps: result.log)
    }

    /// The frames `recipe` makes of a loaded stack (calibration 1 where unknown): the one code
    /// path shared by `run` and `Reproduce`, so a reproduction recomputes exactly what was stored.
    public static func apply(_ recipe: Recipe, to loaded: LoadedFrames) throws -> PreprocessingResult {
        let calibration = Preprocessing.Calibration(pixelSize: loaded.pixelSize?.value ?? 1, frameInterval: loaded.frameInterval?.value ?? 1)
        return try Pipeline.apply(recipe, to: loaded.frames, calibration: calibration)
    }
}
