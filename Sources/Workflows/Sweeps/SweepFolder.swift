public import Foundation
import ProjectStore

/// Where a project keeps its sweeps: `sweeps/<sweep id>/` with `manifest.jsonl`, `sweep.json`
/// and `spool/` (bundles waiting for `ingest`). Only `Workflows` knows this layout.
public struct SweepFolder: Sendable {
    public let url: URL

    public init(project: Project, sweepId: String) {
        url = project.root.appendingPathComponent("sweeps").appendingPathComponent(sweepId)
    }

    public var spool: URL { url.appendingPathComponent("spool") }
    public var manifestURL: URL { url.appendingPathComponent("manifest.jsonl") }

    /// Every sweep folder of a project.
    public static func all(in project: Project) -> [SweepFolder] {
        let root = project.root.appendingPathComponent("sweeps")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { SweepFolder(project: project, sweepId: $0) }
    }
}

/// `operando sweep status`: per point, done (in the store), waiting in the spool, failed or missing.
public struct SweepStatus: Codable, Sendable {
    public var sweep: String
    public var name: String
    public var model: String
    public var total: Int
    public var stored: Int
    public var spooled: Int
    public var failed: [String: String]
    public var missing: [Int]
    public var dataset: String?

    public static func load(project: Project, sweepId: String) throws -> SweepStatus {
        let folder = SweepFolder(project: project, sweepId: sweepId)
        let manifest = try SweepManifest.read(from: folder.url)
        var status = SweepStatus(
            sweep: manifest.id, name: manifest.description.name, model: manifest.description.model,
            total: manifest.points.count, stored: 0, spooled: 0, failed: [:], missing: [],
            dataset: try project.database.artifact(identity: "sweep:\(manifest.id)")?.id)
        for (index, point) in manifest.points.enumerated() {
            if try project.database.artifact(identity: Ingest.simulationIdentity(point.id)) != nil {
                status.stored += 1
            } else if let (bundle, _) = try? SpoolBundle.read(folder.spool.appendingPathComponent(point.id)) {
                if bundle.status == .done { status.spooled += 1 } else { status.failed[String(index)] = bundle.error ?? "failed" }
            } else {
                status.missing.append(index)
            }
        }
        return status
    }

    /// Indices of the points that still need computing (missing or failed).
    public var pending: [Int] { (missing + failed.keys.compactMap { Int($0) }).sorted() }
}
