import E3DLSTM
import Foundation
import ProjectStore
import Tensor
import Testing
import TestSupport
@testable import Workflows

/// `operando evaluate` on the tiny project of `SurrogateEngineTests` (one-update weights, 16²
/// dendrite frames, 4 context frames): persistence scores against a naive recomputation, and
/// several datasets pooled sequence by sequence.
struct EvaluateWorkflowTests {
    @Test func pooledDatasetsAverageTheirSequencesAndPersistenceIsTheLastContextFrame() throws {
        // Given the tiny weights, their one-sequence dataset and a second one (other seed)
        let folder = try TemporaryDirectory()
        let (project, weights) = try SurrogateEngineTests.projectWithWeights(folder)
        let first = try #require(try project.database.artifacts(kind: "dataset").first?.id)
        let request = SweepRequest(
            model: "dendrite", name: "other", count: 1, frames: 8, seed: 4, ranges: ["K": 1.2...2.0], gridSize: 64, outputSize: 16)
        let second = try #require(try SimulateWorkflow.runLocally(project: project, manifest: try request.manifest(), jobs: 1, showProgress: false).dataset)
        let outputs = folder.path("out")

        // When each is evaluated alone and both together, 4 leads
        func evaluate(_ datasets: String) throws -> EvaluationMetadata {
            try EvaluateWorkflow.run(
                project: project, model: weights, datasets: datasets, split: "all", horizon: 4, outputFolder: outputs, showProgress: false
            ).metadata
        }
        let alone = [try evaluate(first), try evaluate(second)]
        let pooled = try evaluate("\(first),\(second)")

        // Then the pooled scores are the per-lead means of the two, over two sequences
        #expect(pooled.sequences == 2 && pooled.dataset == "\(first),\(second)" && pooled.metrics.leads == [1, 2, 3, 4])
        for lead in 0..<4 {
            #expect(abs(pooled.metrics.rmse[lead] - (alone[0].metrics.rmse[lead] + alone[1].metrics.rmse[lead]) / 2) <= 1e-12)
            #expect(abs(pooled.metrics.ssim[lead] - (alone[0].metrics.ssim[lead] + alone[1].metrics.ssim[lead]) / 2) <= 1e-12)
        }
        // And persistence RMSE is frame 3 (the last context frame) against frame 3 + lead, by naive loops
        for (metadata, dataset) in zip(alone, [first, second]) {
            let listed = try JSON.decode(DatasetMetadata.self, from: try project.artifact(dataset, .dataset).metadata)
            let sequence = try #require((listed.train + listed.validation + listed.test).first)
            let frames = try StackLoader.load(try project.database.artifact(sequence), project: project).frames
            let size = frames.shape[1] * frames.shape[2]
            for lead in 1...4 {
                var sum = 0.0
                for i in 0..<size {
                    let d = Double(frames.scalars[3 * size + i]) - Double(frames.scalars[(3 + lead) * size + i])
                    sum += d * d
                }
                let naive = (sum / Double(size)).squareRoot()
                #expect(abs(metadata.metrics.persistenceRMSE[lead - 1] - naive) <= 1e-6 * naive, "lead \(lead)")
            }
        }

        // When one of the datasets does not exist, then nothing is evaluated or recorded
        let evaluationsBefore = try project.database.artifacts(kind: "evaluation").count
        #expect(throws: (any Error).self) { try evaluate("\(first),no-such-dataset") }
        #expect(try project.database.artifacts(kind: "evaluation").count == evaluationsBefore)
    }
}
