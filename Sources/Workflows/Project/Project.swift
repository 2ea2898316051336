public import Foundation
import Glibc
public import ProjectStore

/// An Operando project: a folder with `operando.sqlite` (the provenance store), `objects/`
/// (content-addressed blobs) and `project.json` (the layout version).
///
/// Commands find the project like git does: the folder given with `--project`, else the current
/// folder or the nearest parent that contains `operando.sqlite`.
public struct Project: Sendable {
    public static let databaseName = "operando.sqlite"
    public static let manifestName = "project.json"
    public static let objectsName = "objects"

    public let root: URL
    public let database: ProjectDatabase
    public let blobs: BlobStore

    /// Creates a new, empty project in `directory` (made if missing).
    /// - Throws: `OperandoError(.cannotCreate)` if a project is already there.
    public static func create(at directory: URL) throws -> Project {
        let manager = FileManager.default
        let databaseURL = directory.appendingPathComponent(databaseName)
        if manager.fileExists(atPath: databaseURL.path) || manager.fileExists(atPath: directory.appendingPathComponent(manifestName).path) {
            throw OperandoError(.cannotCreate, "\(directory.path) already holds an Operando project; choose another folder")
        }
        do {
            try manager.createDirectory(at: directory.appendingPathComponent(objectsName), withIntermediateDirectories: true)
            let manifest = ProjectManifest(layoutVersion: ProjectManifest.currentLayoutVersion, createdWith: SoftwareVersion.current)
            try AtomicFile.write(try JSON.encode(manifest), to: directory.appendingPathComponent(manifestName))
            _ = try ProjectDatabase.open(at: databaseURL.path)
        } catch let error as OperandoError {
            throw error
        } catch {
            throw OperandoError(.cannotCreate, "cannot create a project in \(directory.path): \(error.localizedDescription)")
        }
        return try open(at: directory)
    }

    /// Opens the project rooted at `directory`.
    public static func open(at directory: URL) throws -> Project {
        let databasePath = directory.appendingPathComponent(databaseName).path
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw OperandoError(.noInput, "\(directory.path) is not an Operando project (no \(databaseName)); run `operando init \(directory.path)`")
        }
        let database = try ProjectDatabase.open(at: databasePath)
        try database.markInterruptedRuns(host: Host.name, isAlive: { pid in kill(pid_t(pid), 0) == 0 || errno == EPERM })
        return Project(root: directory, database: database, blobs: BlobStore(root: directory.appendingPathComponent(objectsName)))
    }

    /// Finds the project: `explicit` if given, else `start` or its nearest parent holding one.
    public static func locate(explicit: String?, from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> Project {
        if let explicit { return try open(at: URL(fileURLWithPath: explicit)) }
        var folder = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(databaseName).path) {
                return try open(at: folder)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        throw OperandoError(.noInput, "no Operando project in \(start.path) or its parents; run `operando init DIR` or pass --project DIR")
    }

    /// Where commands write files meant for people (montages, charts, reports): `outputs/`.
    public var outputsFolder: URL { root.appendingPathComponent("outputs") }

    /// Path of the store file.
    public var databasePath: String { root.appendingPathComponent(Self.databaseName).path }
}

/// The contents of `project.json`.
public struct ProjectManifest: Codable, Sendable, Equatable {
    public static let currentLayoutVersion = 1
    public var layoutVersion: Int
    public var createdWith: String
}
