public import Foundation
import ProjectStore
import Tensor

/// The `manifest.json` of an exported dataset: enough to train in PyTorch without Operando
/// and to say, afterwards, exactly which simulations a model saw.
public struct DatasetExportManifest: Codable, Sendable {
    /// `operando-clips/1`.
    public var format: String
    /// Axes of every split array.
    public var layout: String
    public var dtype: String
    public var dataset: String
    public var datasetName: String?
    public var sweep: String
    public var model: String
    public var clipLength: Int
    public var clipStride: Int
    /// `train`, `validation`, `test` → the split's file and clips.
    public var splits: [String: Split]
    public var normalisation: Normalisation
    /// The sweep request (ranges, counts, seed) the dataset was simulated from.
    public var request: [String: String]
    /// The recorded `export-dataset` run and the software that wrote the files.
    public var exportRun: String
    public var softwareVersion: String

    public struct Split: Codable, Sendable {
        /// File name inside the export folder, e.g. `train.npy`.
        public var file: String
        /// `[N, T, C, H, W]`.
        public var shape: [Int]
        /// Clip *n* of the array: row *n* of this list.
        public var clips: [Clip]
    }

    /// Where clip *n* comes from.
    public struct Clip: Codable, Sendable {
        public var simulation: String
        public var point: String
        /// First frame of the clip in its sequence (0, 10, 20, …).
        public var start: Int
        /// SHA-256 of the sequence's `frames` blob in the store.
        public var framesBlob: String
        public var parameters: JSONValue
        public var seed: UInt64
    }

    /// Frames are exported as simulated (`applied: none`); the statistics of the training
    /// sequences (every frame, once, in Float64) are given for `x' = (x - mean) / std`.
    public struct Normalisation: Codable, Sendable {
        public var applied: String
        public var trainMean: Double
        public var trainStd: Double
        public var trainMinimum: Double
        public var trainMaximum: Double
    }
}

/// `operando export-dataset D out/`: a dataset's sequences cut into staggered clips (starts 0,
/// `clipStride`, 2·`clipStride`, … while start + `clipLength` ≤ T) and written per split as
/// `(N, T, C=1, H, W)` float32 `.npy` arrays (`numpy.load` → `torch.from_numpy`), plus
/// `manifest.json`.
public enum DatasetExport {
    public static let formatName = "operando-clips/1"

    /// Exports `reference` (an id, id prefix or name of a dataset) into `folder`, which must not
    /// already hold an export. Records an `export-dataset` run that used the dataset.
    @discardableResult
    public static func run(project: Project, dataset reference: String, to folder: URL) throws -> DatasetExportManifest {
        let record = try project.database.artifact(reference)
        guard record.kind == ArtifactKind.dataset.rawValue else {
            throw OperandoError(.usage, "\(record.id) is a \(record.kind), not a dataset; list datasets with `operando datasets`")
        }
        let metadata = try JSON.decode(DatasetMetadata.self, from: record.metadata)
        guard metadata.sequenceShape.count == 3, metadata.sequenceShape[0] >= metadata.clipLength else {
            throw OperandoError(
                .dataError,
                "dataset \(record.id) has sequences of shape \(metadata.sequenceShape): fewer frames than one \(metadata.clipLength)-frame clip; simulate with --frames ≥ \(metadata.clipLength)")
        }
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard !FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw OperandoError(.cannotCreate, "\(folder.path) already holds an export (manifest.json); choose a new folder or delete it")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (frameCount, height, width) = (metadata.sequenceShape[0], metadata.sequenceShape[1], metadata.sequenceShape[2])
        let starts = Array(stride(from: 0, through: frameCount - metadata.clipLength, by: metadata.clipStride))
        let clipValues = metadata.clipLength * height * width

        let (_, manifest) = try RunRecorder.record(
            project, kind: "export-dataset", parameters: ["dataset": .text(record.id), "folder": .text(folder.path)],
            used: [(artifactId: record.id, role: "dataset")]
        ) { recorder in
            var splits: [String: DatasetExportManifest.Split] = [:]
            var statistics = RunningStatistics()
            for (name, ids) in [("train", metadata.train), ("validation", metadata.validation), ("test", metadata.test)] {
                let file = "\(name).npy"
                let shape = [ids.count * starts.count, metadata.clipLength, 1, height, width]
                let writer = try NPYFileWriter(url: folder.appendingPathComponent(file), shape: shape)
                var clips: [DatasetExportManifest.Clip] = []
                for id in ids {
                    let (simulation, framesBlob, frames) = try loadSequence(project: project, simulationId: id)
                    guard frames.shape == metadata.sequenceShape else {
                        throw OperandoError(.dataError, "simulation \(id) has frames \(frames.shape), the dataset says \(metadata.sequenceShape)")
                    }
                    try frames.withUnsafeBufferPointer { values in
                        if name == "train" { statistics.add(values) }
                        for start in starts {
                            try writer.append(UnsafeBufferPointer(rebasing: values[(start * height * width)..<(start * height * width + clipValues)]))
                            clips.append(.init(
                                simulation: id, point: simulation.point, start: start, framesBlob: framesBlob,
                                parameters: simulation.parameters, seed: simulation.seed))
                        }
                    }
                }
                try writer.finish()
                splits[name] = .init(file: file, shape: shape, clips: clips)
            }
            let manifest = DatasetExportManifest(
                format: formatName, layout: "N,T,C,H,W", dtype: "float32", dataset: record.id, datasetName: record.name,
                sweep: metadata.sweep, model: metadata.model, clipLength: metadata.clipLength, clipStride: metadata.clipStride,
                splits: splits,
                normalisation: .init(
                    applied: "none", trainMean: statistics.mean, trainStd: statistics.standardDeviation,
                    trainMinimum: statistics.minimum, trainMaximum: statistics.maximum),
                request: metadata.request, exportRun: recorder.run.id, softwareVersion: SoftwareVersion.current)
            try AtomicFile.write(Array(try JSON.pretty(manifest).utf8), to: manifestURL)
            return ([], ["clips": .integer(Int64(splits.values.map(\.clips.count).reduce(0, +)))], manifest)
        }
        return manifest
    }

    /// A simulation's metadata, the hash of its frames blob and the frames `[T, H, W]`.
    static func loadSequence(project: Project, simulationId: String) throws -> (SimulationMetadata, String, Tensor) {
        let record = try project.database.artifact(simulationId)
        let metadata = try JSON.decode(SimulationMetadata.self, from: record.metadata)
        guard let hash = try project.database.files(of: record.id)["frames"] else {
            throw OperandoError(.dataError, "simulation \(simulationId) has no frames file; run `operando fsck`")
        }
        return (metadata, hash, try NPY.decode(try project.blobs.get(hash), name: "frames of \(simulationId)"))
    }
}

/// Mean, standard deviation (population), minimum and maximum accumulated in Float64.
struct RunningStatistics {
    private var count = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0
    private(set) var minimum = Double.infinity
    private(set) var maximum = -Double.infinity

    mutating func add(_ values: UnsafeBufferPointer<Float>) {
        for value in values {
            let x = Double(value)
            sum += x
            sumOfSquares += x * x
            minimum = min(minimum, x)
            maximum = max(maximum, x)
        }
        count += values.count
    }

    var mean: Double { count == 0 ? 0 : sum / Double(count) }
    var standardDeviation: Double { count == 0 ? 0 : max(0, sumOfSquares / Double(count) - mean * mean).squareRoot() }
}
