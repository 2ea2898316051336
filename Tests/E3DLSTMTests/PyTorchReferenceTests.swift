import Autodiff
import Foundation
import NN
import Tensor
import Testing
import TestSupport
@testable import E3DLSTM

/// The PyTorch model of `Benchmarks/e3dlstm_reference.py` loads our weights file under the same
/// names and predicts the same rollout: evidence that the benchmark anchor computes our function.
/// Opt-in (needs python3 with torch and safetensors): `RUN_SLOW_TESTS=1`.
struct PyTorchReferenceTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/e3dlstm_reference.py")

    @Test(.enabled(if: ProcessInfo.processInfo.environment["RUN_SLOW_TESTS"] != nil, "set RUN_SLOW_TESTS=1"))
    func pytorchReferencePredictsTheSameRollout() throws {
        let configuration = E3DLSTMConfiguration(layers: 2, hiddenChannels: 8, patchSize: 4, historyLength: 3)
        let model = try E3DLSTMModel(configuration: configuration, seed: 3)
        let trainer = try E3DLSTMTrainer(model: model, options: TrainingOptions(totalSteps: 10))
        let clips = driftingBlobClips(batch: 2, frames: 20, size: 32, seed: 8)
        for _ in 0..<2 { try trainer.step(clips: clips) }
        let context = clips.slice(axis: 1, range: 0..<10)
        let ours = try model.predict(context: context, frames: 6)

        let folder = try TemporaryDirectory("e3dlstm-pytorch")
        try Data(model.weightsSafetensors()).write(to: folder.path("weights.safetensors"))
        try Self.npy(context).write(to: folder.path("context.npy"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script.path, "--tau", "3", "--check", folder.path("weights.safetensors").path,
            folder.path("context.npy").path, "6", folder.path("torch.npy").path,
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let theirs = try Self.readNpy(Data(contentsOf: folder.path("torch.npy")), shape: ours.shape)
        expectClose(ours, theirs, rtol: 1e-4, atol: 1e-5, "Swift vs PyTorch rollout")
    }

    /// A little-endian float32 `.npy` (format 1.0).
    static func npy(_ tensor: Tensor) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(tensor.shape.map(String.init).joined(separator: ", ")),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: tensor.littleEndianFloat32Bytes)
        return data
    }

    /// The float32 payload of an `.npy` written by numpy (format 1.0, C order), as `shape`.
    static func readNpy(_ data: Data, shape: [Int]) throws -> Tensor {
        let bytes = [UInt8](data)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        try #require(header.contains("'<f4'") && header.contains("False"), "unexpected npy header \(header)")
        return Tensor(littleEndianFloat32: Array(bytes[(10 + headerLength)...]), shape: shape)
    }
}
