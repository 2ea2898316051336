public import Foundation
import Hashing
public import ImageFiles
import ProjectStore

/// Where each calibration value came from: the file, a command-line flag, or nowhere.
public struct CalibrationSource: Codable, Sendable, Equatable {
    public var pixelSize: String
    public var frameInterval: String
}

/// Metadata of a stack artifact: enough to decode its blob and to cite its source.
public struct StackMetadata: Codable, Sendable, Equatable {
    public var dtype: SampleType
    public var shape: [Int]
    public var axes: String
    public var calibration: Calibration
    public var calibrationSource: CalibrationSource
    public var sourcePath: String
    /// SHA-256 of the file's bytes (its identity: the same file is stored once).
    public var fileSHA256: String
    /// SHA-256 of the decoded array, C order, little-endian (the blob's name).
    public var arraySHA256: String
    /// Raw tag values and ImageJ / OME fields.
    public var tags: [String: String]
}

/// What `operando import` did with one file.
public struct ImportOutcome: Codable, Sendable {
    public var path: String
    public var artifact: String?
    /// True when an identical file was already stored.
    public var alreadyStored: Bool
    public var error: String?
    public var exitCode: Int32?
}

/// `operando import FILE…`: decode TIFF stacks losslessly into the project.
public enum ImportWorkflow {
    public struct Options: Sendable {
        public var name: String?
        public var pixelSize: Quantity?
        public var frameInterval: Quantity?
        public var limits: ReadLimits

        /// - Parameters:
        ///   - maximumSide: largest accepted image side (pixels), checked before allocating.
        ///   - maximumFrameBytes: largest accepted frame, checked before allocating.
        public init(
            name: String? = nil, pixelSize: Quantity? = nil, frameInterval: Quantity? = nil,
            maximumSide: Int = ReadLimits.default.maximumSide, maximumFrameBytes: Int = ReadLimits.default.maximumFrameBytes
        ) {
            self.name = name
            self.pixelSize = pixelSize
            self.frameInterval = frameInterval
            limits = ReadLimits.default
            limits.maximumSide = maximumSide
            limits.maximumFrameBytes = maximumFrameBytes
        }
    }

    /// Imports each file on its own: a bad file is reported and writes nothing, the others go on.
    public static func run(project: Project, files: [String], options: Options) -> [ImportOutcome] {
        files.map { path in
            do {
                return try importOne(project: project, path: path, options: options)
            } catch {
                let (code, message) = ErrorClassification.classify(error)
                return ImportOutcome(path: path, artifact: nil, alreadyStored: false, error: message, exitCode: code)
            }
        }
    }

    static func importOne(project: Project, path: String, options: Options) throws -> ImportOutcome {
        let fileHash = try fileSHA256(path)
        let identity = "file:\(fileHash)"
        if let existing = try project.database.artifact(identity: identity) {
            return ImportOutcome(path: path, artifact: existing.id, alreadyStored: true)
        }
        // Decode completely before anything is written: a bad file leaves no trace.
        let stack = try TIFFReader.read(path: path, limits: options.limits)
        var calibration = stack.calibration
        var source = CalibrationSource(
            pixelSize: calibration.pixelSize == nil ? "none" : "file",
            frameInterval: calibration.frameInterval == nil ? "none" : "file")
        if let pixelSize = options.pixelSize {
            calibration.pixelSize = pixelSize.value
            calibration.pixelSizeY = nil
            calibration.pixelUnit = Calibration.normalizedLengthUnit(pixelSize.unit)
            source.pixelSize = "flag"
        }
        if let frameInterval = options.frameInterval {
            calibration.frameInterval = frameInterval.value
            calibration.frameUnit = Calibration.normalizedTimeUnit(frameInterval.unit)
            source.frameInterval = "flag"
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let name = options.name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var parameters: [String: ParameterValue] = ["path": .text(absolute), "name": .text(name), "fileSHA256": .text(fileHash)]
        if let pixelSize = options.pixelSize { parameters["pixelSize"] = .text(pixelSize.description) }
        if let frameInterval = options.frameInterval { parameters["frameInterval"] = .text(frameInterval.description) }
        let (stored, _) = try RunRecorder.record(project, kind: "import", parameters: parameters) { recorder in
            let blob = try recorder.put(stack.data)
            let metadata = StackMetadata(
                dtype: stack.dtype, shape: stack.shape, axes: stack.axes, calibration: calibration,
                calibrationSource: source, sourcePath: absolute, fileSHA256: fileHash, arraySHA256: blob.hash,
                tags: stack.metadata)
            return ([try recorder.artifact(.stack, name: name, identity: identity, metadata: metadata, files: ["data": blob])], [:], ())
        }
        return ImportOutcome(path: path, artifact: stored[0].id, alreadyStored: false)
    }

    /// SHA-256 of a file, streamed in 4 MiB pieces.
    static func fileSHA256(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw OperandoError(exists ? .ioError : .noInput, exists ? "cannot read \(path)" : "\(path): no such file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return SHA256.hex(hasher.finalize())
    }
}
