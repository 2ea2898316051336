import Foundation
import ImageFiles
import ProjectStore
import Tensor

/// `operando export ID out.tif`: an ImageJ-compatible TIFF of any frame sequence.
///
/// Imported stacks are written in their stored sample type, axes and calibration, so the file
/// reads back with the same pixel checksum. Derived sequences (preprocessed, simulated,
/// predicted) are written as float32 `TYX` with their calibration; simulations carry the
/// model's own length and time units (`unit=model`).
public enum ExportWorkflow {
    public struct Outcome: Codable, Sendable {
        public var path: String
        public var shape: [Int]
        public var dtype: String
        public var arraySHA256: String
    }

    public static func run(project: Project, reference: String, to path: String) throws -> Outcome {
        let artifact = try project.database.artifact(reference)
        let stack: ImageStack
        if artifact.kind == ArtifactKind.stack.rawValue {
            let metadata = try JSON.decode(StackMetadata.self, from: artifact.metadata)
            let bytes = try project.blobs.get(try project.database.files(of: artifact.id)["data"] ?? "")
            stack = ImageStack(dtype: metadata.dtype, shape: metadata.shape, axes: metadata.axes, data: bytes, calibration: metadata.calibration)
        } else {
            let loaded = try StackLoader.load(artifact, project: project)
            var calibration = ImageFiles.Calibration()
            if let pixel = loaded.pixelSize {
                calibration.pixelSize = pixel.value
                calibration.pixelUnit = pixel.unit
            }
            if let interval = loaded.frameInterval {
                calibration.frameInterval = interval.value
                calibration.frameUnit = interval.unit
            }
            if artifact.kind == ArtifactKind.simulation.rawValue, let units = try? modelUnits(artifact) {
                calibration = units
            }
            stack = ImageStack(frames: loaded.frames, encoding: .float32, calibration: calibration)
        }
        try TIFFWriter.write(stack, to: path)
        return Outcome(path: path, shape: stack.shape, dtype: stack.dtype.rawValue, arraySHA256: stack.sha256())
    }

    /// Pixel size and frame interval of a simulation in model units, from its parameters
    /// (`gridSpacing` × block size, `timeStep` × `stepsPerFrame`).
    static func modelUnits(_ artifact: ArtifactRecord) throws -> ImageFiles.Calibration {
        let metadata = try JSON.decode(SimulationMetadata.self, from: artifact.metadata)
        var calibration = ImageFiles.Calibration()
        if case .number(let spacing)? = metadata.parameters["gridSpacing"], case .number(let grid)? = metadata.parameters["gridSize"],
            case .number(let output)? = metadata.parameters["outputSize"], output > 0
        {
            calibration.pixelSize = spacing * grid / output
            calibration.pixelUnit = "model"
        }
        if case .number(let step)? = metadata.parameters["timeStep"], case .number(let steps)? = metadata.parameters["stepsPerFrame"] {
            calibration.frameInterval = step * steps
            calibration.frameUnit = "model"
        }
        return calibration
    }
}
