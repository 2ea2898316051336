public import Foundation
import Hashing
import ProjectStore

/// A sweep written to disk: `manifest.jsonl` (one canonical point per line) and `sweep.json`
/// (what the sweep is: model, ranges, master seed, count). Array task *i* runs line *i*.
public struct SweepManifest: Sendable, Equatable {
    public var description: SweepDescription
    public var points: [SweepPoint]

    public init(description: SweepDescription, points: [SweepPoint]) {
        self.description = description
        self.points = points
    }

    /// The sweep id: the first 16 hex digits of SHA-256 of the manifest's lines.
    public var id: String { String(SHA256.hexDigest(of: Array(manifestText.utf8)).prefix(16)) }

    /// The JSON-lines text of the points.
    public var manifestText: String { points.map(\.canonicalJSON).joined(separator: "\n") + "\n" }

    /// Writes `manifest.jsonl` and `sweep.json` into `folder` atomically.
    public func write(to folder: URL) throws {
        try AtomicFile.write(Array(manifestText.utf8), to: folder.appendingPathComponent("manifest.jsonl"))
        try AtomicFile.write(try JSON.encode(description), to: folder.appendingPathComponent("sweep.json"))
    }

    /// Reads a manifest folder (or the path of its `manifest.jsonl`).
    public static func read(from path: URL) throws -> SweepManifest {
        let folder = path.pathExtension == "jsonl" ? path.deletingLastPathComponent() : path
        let manifestURL = folder.appendingPathComponent("manifest.jsonl")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw OperandoError(.noInput, "no sweep manifest at \(manifestURL.path)")
        }
        let points = try String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated().map { index, line in
            do { return try JSON.decode(SweepPoint.self, from: String(line)) } catch {
                throw OperandoError(.dataError, "\(manifestURL.path): line \(index + 1) is not a sweep point (\(error))")
            }
        }
        guard let descriptionData = FileManager.default.contents(atPath: folder.appendingPathComponent("sweep.json").path) else {
            throw OperandoError(.noInput, "no sweep.json next to \(manifestURL.path)")
        }
        return SweepManifest(description: try JSON.decode(SweepDescription.self, from: [UInt8](descriptionData)), points: points)
    }
}

/// What a sweep is, as the user asked for it.
public struct SweepDescription: Codable, Sendable, Equatable {
    public var model: String
    public var name: String
    public var masterSeed: UInt64
    public var count: Int
    /// The user's ranges and options, e.g. `["K": "1.2:2.0", "frames": "100"]`.
    public var request: [String: String]

    public init(model: String, name: String, masterSeed: UInt64, count: Int, request: [String: String]) {
        self.model = model
        self.name = name
        self.masterSeed = masterSeed
        self.count = count
        self.request = request
    }
}
