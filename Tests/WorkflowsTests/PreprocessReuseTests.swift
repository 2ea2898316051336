import Foundation
import Hashing
import Preprocessing
import ProjectStore
import Testing
import TestSupport
@testable import Workflows

struct PreprocessReuseTests {
    /// A stored preprocessing result is reused for the same input and recipe under the same
    /// algorithm version, and is keyed so that results of older algorithms are not.
    @Test func reuseIsKeyedByRecipeAndAlgorithmVersion() throws {
        // Given a project with one imported stack
        let folder = try TemporaryDirectory()
        let (project, _, imported) = try projectWithImportedDisc(in: folder)
        let recipe = try Recipe(specs: ["resize=12x12"])

        // When the same recipe runs twice, then a different one
        let first = try PreprocessWorkflow.run(project: project, stack: imported, recipe: recipe, name: nil)
        let second = try PreprocessWorkflow.run(project: project, stack: imported, recipe: recipe, name: nil)
        let other = try PreprocessWorkflow.run(project: project, stack: imported, recipe: try Recipe(specs: ["resize=8x8"]), name: nil)

        // Then the second is the first's artifact, the third is new, and only two runs were recorded
        #expect(!first.reused && second.reused && !other.reused)
        #expect(second.artifact == first.artifact && other.artifact != first.artifact)
        let runs = try project.database.runs().filter { $0.kind == "preprocess" }
        #expect(runs.count == 2)
        // And the identity carries the algorithm version (a key without it, as older versions
        // stored, finds nothing), which every run records
        let hash = SHA256.hexDigest(of: Array(recipe.canonicalDescription.utf8))
        let versioned = try project.database.artifact(identity: "preprocess:\(imported):\(hash):algorithms\(Pipeline.algorithmVersion)")
        #expect(versioned?.id == first.artifact)
        #expect(try project.database.artifact(identity: "preprocess:\(imported):\(hash)") == nil)
        for run in runs {
            #expect(try project.database.values(of: run.id, role: "parameter")["algorithmVersion"] == .integer(Int64(Pipeline.algorithmVersion)))
        }
    }
}
