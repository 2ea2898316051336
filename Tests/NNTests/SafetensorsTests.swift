import Autodiff
import Foundation
import NN
import Tensor
import TestSupport
import Testing

struct SafetensorsTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    }

    /// The header length field followed by a header text, with `dataBytes` zero bytes of data.
    static func file(header: String, dataBytes: Int = 0) -> Data {
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: [UInt8](repeating: 0, count: dataBytes))
        return data
    }

    @Test func readsTheFixtureWrittenByPythonSafetensors() throws {
        // Given tiny.safetensors from make_fixtures.py (values by formula, see the script)
        let (tensors, metadata) = try Safetensors.read(from: Self.fixture("tiny.safetensors"))
        // Then
        #expect(tensors["weight"] == Tensor(shape: [2, 3], scalars: (0..<6).map { 0.5 * Float($0) - 1 }))
        #expect(tensors["bias"] == Tensor(shape: [3], scalars: [10, 11, 12]))
        #expect(tensors["scalar"] == Tensor(scalar: 3.5))
        #expect(metadata == ["format": "pt", "source": "make_fixtures.py"])
    }

    @Test func roundTripsTensorsAndMetadata() throws {
        let tensors = ["a.weight": randomTensor([3, 4, 2], seed: 201), "b": randomTensor([5], seed: 202), "empty": Tensor(zeros: [0, 3])]
        let data = Safetensors.encode(tensors, metadata: ["step": "12", "quote\"d": "x\\y"])
        // The header is padded to 8 bytes, as the reference writer does.
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        #expect(headerLength % 8 == 0)
        let decoded = try Safetensors.decode(data)
        #expect(decoded.tensors == tensors)
        #expect(decoded.metadata == ["step": "12", "quote\"d": "x\\y"])
    }

    @Test func rejectsMalformedFilesWithClearErrors() throws {
        #expect(throws: NNError.truncatedFile(path: "<memory>", byteCount: 3, needed: 8)) {
            try Safetensors.decode(Data([1, 2, 3]))
        }
        var announcesTooMuch = Self.file(header: "{}")
        announcesTooMuch[0] = 200
        #expect(throws: NNError.truncatedFile(path: "<memory>", byteCount: 10, needed: 208)) {
            try Safetensors.decode(announcesTooMuch)
        }
        #expect(throws: NNError.malformedHeader(path: "<memory>", reason: "not valid JSON")) {
            try Safetensors.decode(Self.file(header: "{\"a\": [1, 2"))
        }
        #expect(throws: NNError.self) { try Safetensors.decode(Self.file(header: "{\"a\": {\"dtype\": \"F32\"}}")) }
        #expect(throws: NNError.badOffsets(path: "<memory>", name: "a", begin: 0, end: 16, dataSize: 8, expectedBytes: 16)) {
            try Safetensors.decode(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", dataBytes: 8))
        }
        #expect(throws: NNError.badOffsets(path: "<memory>", name: "a", begin: 0, end: 8, dataSize: 8, expectedBytes: 12)) {
            try Safetensors.decode(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", dataBytes: 8))
        }
        let float64 = try Self.fixture("float64.safetensors")
        #expect(throws: NNError.unsupportedDType(path: float64.path, name: "weight", dtype: "F64")) {
            try Safetensors.read(from: float64)
        }
        let error = NNError.unsupportedDType(path: "m.safetensors", name: "w", dtype: "F64")
        #expect(error.description.contains("only F32"))
    }

    @Test func layerParametersSaveAndLoadByName() throws {
        var generator = SplitMix64(seed: 203)
        let source = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: [3, 3], using: &generator)
        let target = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: [3, 3], using: &generator)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("operando-nn-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Safetensors.write(source.parameterTensors, to: url)
        try target.loadParameters(Safetensors.read(from: url).tensors)
        #expect(target.weight.value == source.weight.value && target.bias?.value == source.bias?.value)
        #expect(throws: NNError.missingTensor(name: "bias")) { try target.loadParameters(["weight": source.weight.value]) }
        #expect(throws: NNError.shapeMismatch(name: "bias", expected: [3], found: [4])) {
            try target.loadParameters(["weight": source.weight.value, "bias": Tensor(zeros: [4])])
        }
        #expect(throws: NNError.unexpectedTensor(name: "extra")) {
            try target.loadParameters(source.parameterTensors.merging(["extra": Tensor(zeros: [1])]) { a, _ in a })
        }
    }

    /// Cross-checks with PyTorch both ways (needs python3 with torch and safetensors).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RUN_SLOW_TESTS"] != nil, "set RUN_SLOW_TESTS=1"))
    func pytorchLoadsOurFilesAndWeLoadPyTorchFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("operando-nn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ours = folder.appendingPathComponent("ours.safetensors"), theirs = folder.appendingPathComponent("theirs.safetensors")
        let weight = randomTensor([2, 3, 4], seed: 204)
        try Safetensors.write(["w": weight, "s": Tensor(scalar: 2)], metadata: ["format": "pt"], to: ours)
        let script = """
            import torch, sys
            from safetensors.torch import load_file, save_file
            t = load_file(sys.argv[1])
            save_file({"w2": t["w"] * 2 + t["s"], "shape": torch.tensor(t["w"].shape, dtype=torch.float32)}, sys.argv[2])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, ours.path, theirs.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let loaded = try Safetensors.read(from: theirs).tensors
        expectClose(try #require(loaded["w2"]), weight * 2 + 2, rtol: 0, atol: 0)
        #expect(loaded["shape"] == Tensor(shape: [3], scalars: [2, 3, 4]))
    }
}
