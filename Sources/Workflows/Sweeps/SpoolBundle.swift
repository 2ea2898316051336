public import Foundation
import Hashing
import ProjectStore
public import Tensor

/// A self-describing, hashed result of one sweep point, written by whoever ran it (a local
/// worker or a Slurm array task) into a spool folder. Compute nodes never touch the SQLite
/// store: `operando ingest` moves bundles into it.
///
/// Layout: `<spool>/<pointId>/bundle.json` + one `.npy` per named array. The folder appears
/// under its final name only when complete (written as `.tmp-…` and renamed), so a killed
/// task leaves no half bundle under a real name.
public struct SpoolBundle: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case done, failed }

    public var pointId: String
    public var point: SweepPoint
    public var status: Status
    /// For `failed`: the error message.
    public var error: String?
    /// Array name → SHA-256 of its `.npy` file.
    public var files: [String: String]
    public var softwareVersion: String
    public var host: String
    public var wallSeconds: Double

    /// Writes a bundle for `point` into `spool`, atomically.
    public static func write(
        point: SweepPoint, arrays: [String: Tensor], error: String?, wallSeconds: Double, spool: URL
    ) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: spool, withIntermediateDirectories: true)
        let pointId = point.id
        let temporary = spool.appendingPathComponent(".tmp-\(pointId)-\(UUID().uuidString)")
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        var files: [String: String] = [:]
        for (name, tensor) in arrays {
            let bytes = NPY.encode(tensor)
            files[name] = SHA256.hexDigest(of: bytes)
            try AtomicFile.write(bytes, to: temporary.appendingPathComponent("\(name).npy"))
        }
        let bundle = SpoolBundle(
            pointId: pointId, point: point, status: error == nil ? .done : .failed, error: error, files: files,
            softwareVersion: SoftwareVersion.current, host: Host.name, wallSeconds: wallSeconds)
        try AtomicFile.write(try JSON.encode(bundle), to: temporary.appendingPathComponent("bundle.json"))
        let destination = spool.appendingPathComponent(pointId)
        if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
        try manager.moveItem(at: temporary, to: destination)
    }

    /// Reads and verifies the bundle in `folder`: every listed file must exist and hash right.
    /// - Returns: the bundle and its arrays' bytes (`.npy`), by name.
    public static func read(_ folder: URL) throws -> (bundle: SpoolBundle, files: [String: [UInt8]]) {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("bundle.json").path) else {
            throw OperandoError(.dataError, "\(folder.path): no bundle.json (partial bundle)")
        }
        let bundle: SpoolBundle
        do { bundle = try JSON.decode(SpoolBundle.self, from: [UInt8](data)) } catch {
            throw OperandoError(.dataError, "\(folder.path)/bundle.json is corrupt: \(error)")
        }
        guard bundle.pointId == bundle.point.id, folder.lastPathComponent == bundle.pointId else {
            throw OperandoError(.dataError, "\(folder.path): bundle names point \(bundle.pointId) but holds another")
        }
        var files: [String: [UInt8]] = [:]
        for (name, hash) in bundle.files {
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent("\(name).npy").path) else {
                throw OperandoError(.dataError, "\(folder.path): \(name).npy is missing")
            }
            let array = [UInt8](bytes)
            guard SHA256.hexDigest(of: array) == hash else { throw OperandoError(.dataError, "\(folder.path): \(name).npy does not match its hash") }
            files[name] = array
        }
        return (bundle, files)
    }
}
