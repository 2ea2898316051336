import Foundation
import Hashing
import ImageFiles
import Preprocessing
import ProjectStore
import Tensor
import Testing
import TestSupport
@testable import Workflows

/// A `[6, 24, 24]` uint16 stack: a disc growing one pixel per frame over a gradient.
func growingDiscStack(bump: Float = 0) -> ImageStack {
    var scalars: [Float] = []
    for t in 0..<6 {
        for y in 0..<24 {
            for x in 0..<24 {
                let r = ((Float(x) - 11.5) * (Float(x) - 11.5) + (Float(y) - 11.5) * (Float(y) - 11.5)).squareRoot()
                scalars.append((r < Float(4 + t) ? 3000 : 1000) + Float(x * 7 + y * 3))
            }
        }
    }
    scalars[3 * 576 + 10 * 24 + 10] += bump
    return ImageStack(frames: Tensor(shape: [6, 24, 24], scalars: scalars), encoding: .uint16(scale: 1))
}

/// A new project in `folder` with `growingDiscStack()` written to `growth.tif` and imported:
/// the project, the TIFF's path and the imported stack's id.
func projectWithImportedDisc(in folder: TemporaryDirectory) throws -> (project: Project, tiff: String, stack: String) {
    let project = try Project.create(at: folder.path("p"))
    let tiff = folder.path("growth.tif").path
    try TIFFWriter.write(growingDiscStack(), to: tiff)
    let imported = try #require(ImportWorkflow.run(project: project, files: [tiff], options: .init()).first?.artifact)
    return (project, tiff, imported)
}

struct ReproduceTests {
    /// Import, preprocess and a 2-point 32² dendrite sweep, each reproduced bit for bit; then the
    /// source TIFF and a stored blob are altered and the mismatches measured.
    @Test func deterministicRunsReproduceAndAlterationsAreMeasured() throws {
        // Given a project with an imported TIFF, a preprocessed stack and a tiny dendrite sweep
        let folder = try TemporaryDirectory()
        let (project, tiff, imported) = try projectWithImportedDisc(in: folder)
        let recipe = try Recipe(specs: ["resize=16x16", "denoise=gaussian:sigma=1"])
        let preprocessed = try PreprocessWorkflow.run(project: project, stack: imported, recipe: recipe, name: nil).artifact
        let manifest = try SweepRequest(
            model: "dendrite", name: "tiny", count: 2, frames: 3, seed: 7, ranges: [:], gridSize: 32, outputSize: 16
        ).manifest()
        _ = try SimulateWorkflow.runLocally(project: project, manifest: manifest, jobs: 1, showProgress: false)
        let runs = Dictionary(grouping: try project.database.runs(), by: \.kind)
        let importRun = try #require(runs["import"]?.first)
        let preprocessRun = try #require(runs["preprocess"]?.first)
        let simulateRun = try #require(runs["simulate"]?.first)

        // When each run is reproduced
        let importReport = try Reproduce.run(project: project, run: importRun.id)
        let preprocessReport = try Reproduce.run(project: project, run: preprocessRun.id)
        let simulateReport = try Reproduce.run(project: project, run: simulateRun.id)

        // Then every output matches, and the expected hashes are those of the stored bytes
        #expect(importReport.matched && preprocessReport.matched && simulateReport.matched)
        #expect(importReport.outputs.map(\.what) == ["file", "array"])
        #expect(importReport.outputs[0].expected == SHA256.hexDigest(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: tiff)))))
        #expect(importReport.outputs[1].expected == SHA256.hexDigest(of: growingDiscStack().data))
        #expect(preprocessReport.outputs.map(\.artifact) == [preprocessed])
        #expect(simulateReport.outputs.count == 2)
        for output in preprocessReport.outputs + simulateReport.outputs {
            let files = try project.database.files(of: output.artifact)
            #expect(output.expected == files["data"] ?? files["frames"])
            #expect(SHA256.hexDigest(of: try project.blobs.get(output.expected)) == output.actual)
        }
        // And nothing was written to the store
        #expect(try project.database.runs().count == runs.values.map(\.count).reduce(0, +))

        // When the source TIFF gets one pixel 5 counts brighter
        try TIFFWriter.write(growingDiscStack(bump: 5), to: tiff)
        let altered = try Reproduce.run(project: project, run: importRun.id)
        // Then both hashes mismatch and the array difference is exactly that pixel's 5 counts
        #expect(!altered.matched)
        #expect(altered.outputs.allSatisfy { !$0.matched })
        #expect(altered.outputs[1].maxAbsDifference == 5)

        // When a preprocess run recorded frames that its recipe does not make (one element 0.25 off)
        let loaded = try StackLoader.load(try project.database.artifact(imported), project: project)
        var tampered = try PreprocessWorkflow.apply(recipe, to: loaded).frames
        let original = tampered.scalars[17]
        tampered.scalars[17] += 0.25
        let parameters: [String: ProjectStore.ParameterValue] = ["recipe": .text(recipe.canonicalDescription)]
        _ = try RunRecorder.record(project, kind: "preprocess", parameters: parameters, used: [(imported, "input")]) { recorder in
            let draft = try recorder.artifact(
                .preprocessedStack, name: "tampered", identity: "tampered", metadata: ["note": "tampered"],
                files: ["data": try recorder.put(NPY.encode(tampered))])
            return ([draft], [:], ())
        }
        let tamperedRun = try #require(try project.database.runs(kind: "preprocess").last)
        let damaged = try Reproduce.run(project: project, run: tamperedRun.id)
        // Then it mismatches by exactly the stored float32 offset
        #expect(!damaged.matched)
        #expect(damaged.outputs[0].maxAbsDifference == Double(tampered.scalars[17]) - Double(original))
    }

    @Test func nonDeterministicKindsAndUnfinishedRunsAreRefused() throws {
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        let train = try RunRecorder.begin(project, kind: "train", parameters: [:])
        try project.database.completeRun(train.run.id)
        let running = try RunRecorder.begin(project, kind: "import", parameters: [:])
        for (run, phrase) in [(train.run.id, "cannot be reproduced"), (running.run.id, "only finished")] {
            do {
                _ = try Reproduce.run(project: project, run: run)
                Issue.record("run \(run) was reproduced")
            } catch let error as OperandoError {
                #expect(error.code == .usage)
                #expect(error.message.contains(phrase))
            }
        }
    }
}
