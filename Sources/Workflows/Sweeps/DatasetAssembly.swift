import Foundation
import ProjectStore

/// A dataset: the simulations of one sweep with a split by sequence (a sequence never
/// straddles two splits) and the clip layout used for training.
public struct DatasetMetadata: Codable, Sendable, Equatable {
    public var model: String
    public var sweep: String
    public var count: Int
    /// `[T, H, W]` of every sequence.
    public var sequenceShape: [Int]
    /// Frames per training clip (the paper: 20 = 10 in + 10 out).
    public var clipLength: Int
    /// Offset between consecutive clips of a sequence (staggered clips 1–20, 11–30, …).
    public var clipStride: Int
    /// Simulation artifact ids per split.
    public var train: [String]
    public var validation: [String]
    public var test: [String]
    public var request: [String: String]
}

/// Builds the dataset artifact of a complete sweep.
public enum DatasetAssembly {
    public static let clipLength = 20
    public static let clipStride = 10

    /// Splits sequences 80/10/10 in the order of their point ids (deterministic and
    /// independent of how they were computed); at least one validation and one test
    /// sequence once there are three.
    public static func split(_ ids: [String]) -> (train: [String], validation: [String], test: [String]) {
        let sorted = ids.sorted()
        let count = sorted.count
        var validation = Int((Double(count) * 0.1).rounded())
        var test = Int((Double(count) * 0.1).rounded())
        if count >= 3 {
            validation = max(1, validation)
            test = max(1, test)
        } else {
            validation = 0
            test = 0
        }
        let trainCount = count - validation - test
        return (Array(sorted[..<trainCount]), Array(sorted[trainCount..<(trainCount + validation)]), Array(sorted[(trainCount + validation)...]))
    }

    /// Records the dataset (once): a run that used every simulation of the sweep and generated
    /// the dataset artifact. Returns the dataset id.
    static func assemble(project: Project, manifest: SweepManifest) throws -> String {
        let identity = "sweep:\(manifest.id)"
        if let existing = try project.database.artifact(identity: identity) { return existing.id }
        let simulations = try manifest.points.map { point in
            guard let record = try project.database.artifact(identity: Ingest.simulationIdentity(point.id)) else {
                throw OperandoError(.software, "simulation of point \(point.id) vanished during assembly")
            }
            return record
        }
        let shapes = try Set(simulations.map { try JSON.decode(SimulationMetadata.self, from: $0.metadata).shape })
        guard shapes.count == 1, let shape = shapes.first else {
            throw OperandoError(.dataError, "sweep \(manifest.id) has sequences of different shapes: \(shapes)")
        }
        let (train, validation, test) = split(simulations.map(\.id))
        let metadata = DatasetMetadata(
            model: manifest.description.model, sweep: manifest.id, count: simulations.count, sequenceShape: shape,
            clipLength: clipLength, clipStride: clipStride, train: train, validation: validation, test: test,
            request: manifest.description.request)
        let (stored, _) = try RunRecorder.record(
            project, kind: "assemble-dataset", parameters: ["sweep": .text(manifest.id)],
            used: simulations.map { (artifactId: $0.id, role: "sequence") }
        ) { recorder in
            let manifestBlob = try recorder.put(Array(manifest.manifestText.utf8))
            let draft = try recorder.artifact(
                .dataset, name: manifest.description.name, identity: identity, metadata: metadata,
                files: ["manifest": manifestBlob])
            return ([draft], [:], ())
        }
        return stored[0].id
    }
}
