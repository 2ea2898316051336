public import Foundation
import ProjectStore
import Tensor

/// What `operando ingest` did with a spool: every point of the manifest lands in exactly one list.
public struct IngestReport: Codable, Sendable {
    public var sweep: String
    /// Points stored by this ingest.
    public var ingested: [String] = []
    /// Points already in the store (not stored twice).
    public var skipped: [String] = []
    /// Points whose task failed: point id → error. Left in the spool for resubmission.
    public var failed: [String: String] = [:]
    /// Bundles that are partial or do not hash right: folder → problem. Left for resubmission.
    public var corrupt: [String: String] = [:]
    /// Points with no bundle yet.
    public var missing: [String] = []
    /// The dataset artifact, once every point is in the store.
    public var dataset: String?

    public var isComplete: Bool { dataset != nil }
}

/// Moves finished bundles of a sweep into the store, idempotently, and assembles the dataset
/// artifact when the sweep is complete.
public enum Ingest {
    /// The identity of the simulation artifact of a point.
    public static func simulationIdentity(_ pointId: String) -> String { "point:\(pointId)" }

    /// Stores every finished bundle not yet in the store, in one transaction (a killed ingest
    /// stores nothing and a rerun starts over), under a project-wide lock (see `IngestLock`).
    public static func run(project: Project, manifest: SweepManifest, spool: URL, executor: String) throws -> IngestReport {
        try IngestLock.withExclusive(project: project) {
            try runLocked(project: project, manifest: manifest, spool: spool, executor: executor)
        }
    }

    private static func runLocked(project: Project, manifest: SweepManifest, spool: URL, executor: String) throws -> IngestReport {
        var report = IngestReport(sweep: manifest.id)
        var ready: [(point: SweepPoint, files: [String: [UInt8]], wall: Double)] = []
        for point in manifest.points {
            let pointId = point.id
            if try project.database.artifact(identity: simulationIdentity(pointId)) != nil {
                report.skipped.append(pointId)
                continue
            }
            let folder = spool.appendingPathComponent(pointId)
            guard FileManager.default.fileExists(atPath: folder.path) else {
                report.missing.append(pointId)
                continue
            }
            do {
                let (bundle, files) = try SpoolBundle.read(folder)
                if bundle.status == .failed {
                    report.failed[pointId] = bundle.error ?? "unknown error"
                } else {
                    ready.append((point, files, bundle.wallSeconds))
                }
            } catch {
                report.corrupt[folder.path] = String(describing: error)
            }
        }
        if !ready.isEmpty {
            let parameters: [String: ParameterValue] = [
                "sweep": .text(manifest.id), "model": .text(manifest.description.model), "executor": .text(executor),
                "points": .integer(Int64(ready.count)),
            ]
            _ = try RunRecorder.record(project, kind: "simulate", parameters: parameters, seed: manifest.description.masterSeed) { recorder in
                let outputs = try ready.map { item in
                    var blobs: [String: BlobRecord] = [:]
                    for (name, bytes) in item.files { blobs[name] = try recorder.put(bytes) }
                    let shape = try NPY.decode(item.files["frames"] ?? [], name: "frames").shape
                    let metadata = SimulationMetadata(
                        model: item.point.model, parameters: item.point.parameters, seed: item.point.seed,
                        point: item.point.id, sweep: manifest.id, shape: shape, wallSeconds: item.wall)
                    return try recorder.artifact(
                        .simulation, name: "\(manifest.description.name)/\(item.point.id.prefix(8))",
                        identity: simulationIdentity(item.point.id), metadata: metadata, files: blobs)
                }
                return (outputs, [:], ())
            }
            report.ingested = ready.map(\.point.id)
        }
        if report.missing.isEmpty && report.failed.isEmpty && report.corrupt.isEmpty {
            report.dataset = try DatasetAssembly.assemble(project: project, manifest: manifest)
        }
        return report
    }
}

/// Metadata of a simulation artifact.
public struct SimulationMetadata: Codable, Sendable {
    public var model: String
    public var parameters: JSONValue
    public var seed: UInt64
    public var point: String
    public var sweep: String
    /// `[T, H, W]` of the frames.
    public var shape: [Int]
    public var wallSeconds: Double
}
