import Foundation
import ImageFiles
import Preprocessing
public import ProjectStore
public import Tensor

/// A frame sequence ready for computation: `[T, H, W]` Float32 values plus the physical
/// calibration and how the values relate to what was stored.
public struct LoadedFrames: Sendable {
    public var frames: Tensor
    /// Pixel size and frame interval with units (nil when unknown).
    public var pixelSize: Quantity?
    public var frameInterval: Quantity?
    /// What the values are: `raw uint16 counts`, `fraction solid [0, 1]`, `model field [0, 1]`.
    public var valueMeaning: String
}

/// Loads any frame-sequence artifact (imported stack, preprocessed stack, simulation,
/// prediction) as `[T, H, W]` Float32.
///
/// Imported stacks keep their stored values exactly (uint16 counts stay counts: no silent
/// rescaling); the axes must reduce to T, Y, X (a single Z or C axis of extent 1 is dropped, a
/// lone Z axis with no T is read as time and said so).
public enum StackLoader {
    public static func load(_ artifact: ArtifactRecord, project: Project) throws -> LoadedFrames {
        let files = try project.database.files(of: artifact.id)
        guard let hash = files["data"] ?? files["frames"] else {
            throw OperandoError(.dataError, "\(artifact.id) (\(artifact.kind)) holds no frames")
        }
        let bytes = try project.blobs.get(hash)
        switch ArtifactKind(rawValue: artifact.kind) {
        case .stack:
            let metadata = try JSON.decode(StackMetadata.self, from: artifact.metadata)
            let stack = ImageStack(dtype: metadata.dtype, shape: metadata.shape, axes: metadata.axes, data: bytes, calibration: metadata.calibration)
            let frames = try timeYX(stack.floatFrames(), axes: metadata.axes, artifact: artifact.id)
            return LoadedFrames(
                frames: frames,
                pixelSize: metadata.calibration.pixelSize.map { Quantity(value: $0, unit: metadata.calibration.pixelUnit ?? "px") },
                frameInterval: metadata.calibration.frameInterval.map { Quantity(value: $0, unit: metadata.calibration.frameUnit ?? "frame") },
                valueMeaning: "raw \(metadata.dtype.rawValue) values")
        case .preprocessedStack, .prediction:
            let metadata = try JSON.decode(FrameSequenceMetadata.self, from: artifact.metadata)
            return LoadedFrames(frames: try NPY.decode(bytes, name: artifact.id), pixelSize: metadata.pixelSize, frameInterval: metadata.frameInterval, valueMeaning: metadata.valueMeaning)
        case .simulation:
            return LoadedFrames(frames: try NPY.decode(bytes, name: artifact.id), pixelSize: nil, frameInterval: nil, valueMeaning: "model field [0, 1]")
        default:
            throw OperandoError(.usage, "\(artifact.id) is a \(artifact.kind), not a frame sequence")
        }
    }

    /// Reduces a stored array to `[T, H, W]`.
    static func timeYX(_ tensor: Tensor, axes: String, artifact: String) throws -> Tensor {
        var shape = tensor.shape
        var letters = Array(axes)
        // Drop singleton non-spatial axes other than T.
        var index = 0
        while index < letters.count {
            if letters[index] != "T" && letters[index] != "Y" && letters[index] != "X" && shape[index] == 1 && letters.count > 2 {
                letters.remove(at: index)
                shape.remove(at: index)
            } else {
                index += 1
            }
        }
        if letters == ["Y", "X"] { return tensor.reshaped([1, shape[0], shape[1]]) }
        if letters == ["T", "Y", "X"] || letters == ["Z", "Y", "X"] { return tensor.reshaped(shape) }
        throw OperandoError(
            .dataError,
            "\(artifact) has axes \(axes) \(tensor.shape); Operando works on one grey channel over time (T, Y, X). Split channels or positions first")
    }
}

/// Metadata of a preprocessed stack or a prediction: frames in the simulator convention.
public struct FrameSequenceMetadata: Codable, Sendable {
    /// `[T, H, W]`.
    public var shape: [Int]
    public var pixelSize: Quantity?
    public var frameInterval: Quantity?
    public var valueMeaning: String
}
