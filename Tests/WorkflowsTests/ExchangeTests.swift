import Foundation
import NN
import ProjectStore
import Tensor
import Testing
import TestSupport
@testable import Workflows

/// Frames [T, 3, 2] whose every value names its place: 1000·amplitude + 10·t + (2h + w).
struct LabelledFrameRunner: PointRunner {
    static let frameCount = 35
    func run(_ point: SweepPoint) throws -> [String: Tensor] {
        let amplitude = try point.decodeParameters(RampRunner.Parameters.self).amplitude
        var scalars: [Float] = []
        for t in 0..<Self.frameCount { for h in 0..<3 { for w in 0..<2 { scalars.append(Float(1000 * amplitude) + Float(10 * t + 2 * h + w)) } } }
        return ["frames": Tensor(shape: [Self.frameCount, 3, 2], scalars: scalars)]
    }
}

struct ExchangeTests {
    /// A project holding a complete 10-sequence dataset of labelled frames.
    func labelledDataset(_ folder: TemporaryDirectory) throws -> (Project, String, SweepManifest) {
        let project = try Project.create(at: folder.path("p"))
        let manifest = try rampManifest(amplitudes: (1...10).map(Double.init), seed: 4)
        let sweep = try SimulateWorkflow.prepare(project: project, manifest: manifest)
        LocalExecutor.run(manifest: manifest, spool: sweep.spool, jobs: 2, runner: LabelledFrameRunner())
        let report = try Ingest.run(project: project, manifest: manifest, spool: sweep.spool, executor: "local")
        return (project, try #require(report.dataset), manifest)
    }

    @Test func streamedNPYEqualsTheInMemoryEncoding() throws {
        let folder = try TemporaryDirectory()
        for shape in [[7], [2, 3, 4], [0, 20, 1, 5, 5], [3, 20, 1, 4, 4]] {
            let count = shape.reduce(1, *)
            let tensor = Tensor(shape: shape, scalars: (0..<count).map { Float($0) * 0.25 - 3 })
            let url = folder.path("a.npy")
            let writer = try NPYFileWriter(url: url, shape: shape)
            // appended in uneven pieces
            try tensor.withUnsafeBufferPointer { values in
                var start = 0
                while start < count {
                    let end = min(count, start + 7)
                    try writer.append(UnsafeBufferPointer(rebasing: values[start..<end]))
                    start = end
                }
            }
            try writer.finish()
            #expect([UInt8](try Data(contentsOf: url)) == NPY.encode(tensor))
        }
    }

    @Test func exportCutsStaggeredClipsPerSplitWithTheirProvenance() throws {
        let folder = try TemporaryDirectory()
        let (project, datasetId, _) = try labelledDataset(folder)
        let out = folder.path("export")
        let manifest = try DatasetExport.run(project: project, dataset: datasetId, to: out)
        let dataset = try JSON.decode(DatasetMetadata.self, from: try project.database.artifact(datasetId).metadata)
        // T = 35 → clips start at 0 and 10 (20 + 20 > 35)
        for (name, ids) in [("train", dataset.train), ("validation", dataset.validation), ("test", dataset.test)] {
            let split = try #require(manifest.splits[name])
            let array = try NPY.decode([UInt8](try Data(contentsOf: out.appendingPathComponent(split.file))))
            #expect(array.shape == [ids.count * 2, 20, 1, 3, 2])
            #expect(split.clips.map(\.start) == Array(repeating: [0, 10], count: ids.count).flatMap { $0 })
            #expect(split.clips.map(\.simulation) == ids.flatMap { [$0, $0] })
            // every value equals the labelled source frame, read independently from the store
            for (n, clip) in split.clips.enumerated() {
                let sequence = try JSON.decode(SimulationMetadata.self, from: try project.database.artifact(clip.simulation).metadata)
                #expect(clip.point == sequence.point)
                let amplitude = try JSON.decode(RampRunner.Parameters.self, from: try JSON.encode(sequence.parameters)).amplitude
                for t in 0..<20 { for h in 0..<3 { for w in 0..<2 {
                    let value = array.scalars[(((n * 20 + t) * 1 + 0) * 3 + h) * 2 + w]
                    #expect(value == Float(1000 * amplitude) + Float(10 * (clip.start + t) + 2 * h + w))
                } } }
            }
        }
        // normalisation: statistics of the training sequences, each frame once (float64 reference)
        var values: [Double] = []
        for id in dataset.train {
            let hash = try #require(try project.database.files(of: id)["frames"])
            values += try NPY.decode(try project.blobs.get(hash)).scalars.map(Double.init)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(abs(manifest.normalisation.trainMean - mean) <= 1e-9 * abs(mean))
        #expect(abs(manifest.normalisation.trainStd - deviation) <= 1e-6 * deviation)
        #expect(manifest.normalisation.trainMinimum == values.min() && manifest.normalisation.trainMaximum == values.max())
        // the export is a recorded run that used the dataset, and a second export into the same folder is refused
        #expect(try project.database.edges(ofRun: manifest.exportRun).contains { $0.artifactId == datasetId && $0.relation == .used })
        #expect(throws: OperandoError.self) { try DatasetExport.run(project: project, dataset: datasetId, to: out) }
    }

    @Test func exportRefusesSequencesShorterThanAClip() throws {
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        let manifest = try rampManifest(amplitudes: [0.1, 0.2, 0.3])
        let sweep = try SimulateWorkflow.prepare(project: project, manifest: manifest)
        LocalExecutor.run(manifest: manifest, spool: sweep.spool, jobs: 1, runner: RampRunner())  // T = 4
        let dataset = try #require(try Ingest.run(project: project, manifest: manifest, spool: sweep.spool, executor: "local").dataset)
        let error = try #require(throws: OperandoError.self) { try DatasetExport.run(project: project, dataset: dataset, to: folder.path("x")) }
        #expect(error.code == .dataError && error.message.contains("--frames"))
    }

    @Test func importedWeightsCarryProvenanceAndImportOnce() throws {
        let folder = try TemporaryDirectory()
        let (project, datasetId, _) = try labelledDataset(folder)
        let tensors = ["conv.weight": Tensor(shape: [1, 1, 2, 3, 3], scalars: (0..<18).map { Float($0) / 18 }), "conv.bias": Tensor(shape: [1], scalars: [0.5])]
        let weightsURL = folder.path("w.safetensors")
        try Safetensors.encode(tensors, metadata: ["source": "test"]).write(to: weightsURL)
        let arch = WeightsArchitecture(model: "toy", parameters: tensors.mapValues(\.shape))
        let archURL = folder.path("arch.json")
        try Data(try JSON.encode(arch)).write(to: archURL)

        let first = try WeightsImport.run(project: project, weights: weightsURL, architecture: archURL, trainedOn: datasetId)
        let second = try WeightsImport.run(project: project, weights: weightsURL, architecture: archURL, trainedOn: datasetId)
        #expect(first.imported && !second.imported && first.weights == second.weights)
        #expect(first.parameterCount == 19 && first.tensorCount == 2)
        #expect(try project.database.artifacts(kind: "weights").count == 1)
        // the blob is the file, byte for byte, and it decodes to the same tensors
        let hash = try #require(try project.database.files(of: first.weights)["weights"])
        let stored = try Safetensors.decode(Data(try project.blobs.get(hash)))
        #expect(stored.tensors == tensors && stored.metadata == ["source": "test"])
        // lineage: weights ← import-weights run ← dataset ← simulations
        let lineage = try project.database.lineage(of: first.weights)
        #expect(lineage.runs.contains { $0.kind == "import-weights" })
        #expect(lineage.artifacts.contains { $0.id == datasetId })
        #expect(lineage.artifacts.filter { $0.kind == "simulation" }.count == 10)
    }

    @Test func weightsThatDoNotFitTheArchitectureAreRefusedWithTheirNames() throws {
        let good = ["a.weight": Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), "a.bias": Tensor(shape: [2], scalars: [0, 0])]
        let arch = WeightsArchitecture(model: "toy", parameters: good.mapValues(\.shape))
        try WeightsImport.validateWeights(good, against: arch)
        var wrong = good
        wrong["a.weight"] = Tensor(shape: [4], scalars: [1, 2, 3, 4])
        wrong["b.weight"] = Tensor(shape: [1], scalars: [1])
        wrong["a.bias"] = nil
        let error = try #require(throws: OperandoError.self) { try WeightsImport.validateWeights(wrong, against: arch) }
        #expect(error.code == .dataError)
        #expect(error.message.contains("missing 1 tensor(s): a.bias") && error.message.contains("b.weight") && error.message.contains("a.weight is [4]"))
        var notFinite = good
        notFinite["a.bias"] = Tensor(shape: [2], scalars: [0, .nan])
        #expect(throws: OperandoError.self) { try WeightsImport.validateWeights(notFinite, against: arch) }
        // a file that is not safetensors is a data error, not a crash
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        try Data("not safetensors at all".utf8).write(to: folder.path("w.safetensors"))
        try Data(try JSON.encode(arch)).write(to: folder.path("arch.json"))
        let fileError = try #require(throws: OperandoError.self) {
            try WeightsImport.run(project: project, weights: folder.path("w.safetensors"), architecture: folder.path("arch.json"), trainedOn: nil)
        }
        #expect(fileError.code == .dataError)
    }
}
