public import Foundation
import Hashing
import ProjectStore

/// `operando archive ID out.tar` / `operando unarchive in.tar`: move an artifact with its whole
/// lineage (runs, edges, values) and its blobs to another project.
///
/// The tar holds `operando-archive.json` (the rows) and `objects/<hash>` per blob. Unarchiving
/// checks every blob against its hash before anything is written, stores the blobs, then
/// inserts all rows in one transaction — a damaged archive changes nothing.
public enum ArchiveTransfer {
    static let rowsEntry = "operando-archive.json"

    public struct Summary: Codable, Sendable {
        public var artifacts: Int
        public var runs: Int
        public var blobs: Int
    }

    public static func archive(_ reference: String, project: Project, to destination: URL) throws -> Summary {
        let root = try project.database.artifact(reference)
        let rows = try project.database.rows(of: try project.database.lineage(of: root.id))
        var entries = [TarArchive.Entry(name: rowsEntry, bytes: try JSON.encode(rows))]
        for blob in rows.blobs.sorted(by: { $0.hash < $1.hash }) {
            entries.append(TarArchive.Entry(name: "objects/\(blob.hash)", bytes: try project.blobs.get(blob.hash)))
        }
        try AtomicFile.write(TarArchive.encode(entries), to: destination)
        return Summary(artifacts: rows.graph.artifacts.count, runs: rows.graph.runs.count, blobs: rows.blobs.count)
    }

    public static func unarchive(_ source: URL, into project: Project) throws -> Summary {
        guard let data = FileManager.default.contents(atPath: source.path) else {
            throw OperandoError(.noInput, "\(source.path): no such archive")
        }
        let entries = try TarArchive.decode([UInt8](data), name: source.path)
        guard let rowsEntry = entries.first(where: { $0.name == rowsEntry }) else {
            throw OperandoError(.dataError, "\(source.path) is not an Operando archive (no \(Self.rowsEntry))")
        }
        let rows: GraphRows
        do { rows = try JSON.decode(GraphRows.self, from: rowsEntry.bytes) } catch {
            throw OperandoError(.dataError, "\(source.path): \(Self.rowsEntry) is damaged (\(error))")
        }
        var blobs: [String: [UInt8]] = [:]
        for entry in entries where entry.name.hasPrefix("objects/") {
            let hash = String(entry.name.dropFirst("objects/".count))
            guard SHA256.hexDigest(of: entry.bytes) == hash else { throw OperandoError(.dataError, "\(source.path): \(entry.name) does not match its hash") }
            blobs[hash] = entry.bytes
        }
        for blob in rows.blobs where blobs[blob.hash] == nil {
            throw OperandoError(.dataError, "\(source.path): blob \(blob.hash) is listed but missing")
        }
        for bytes in blobs.values { _ = try project.blobs.put(bytes) }
        let (artifacts, runs) = try project.database.insert(rows)
        return Summary(artifacts: artifacts, runs: runs, blobs: blobs.count)
    }
}
