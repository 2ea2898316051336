import Foundation
import Hashing
import ImageFiles

/// Import throughput: `TIFFReader.read` + SHA-256 of the decoded array against Python's
/// `tifffile.imread` + `hashlib.sha256` on the same file in the same invocation, and SHA-256
/// alone against hashlib.
///
/// The file (default 500 × 512 × 512 uint16, LZW, made by tifffile with a fixed seed) is created
/// by Benchmarks/tiff_import.py, which then times tifffile; both sides report the best of
/// `repeats` warm runs as decoded MB/s (10⁶ bytes). Both digests must agree, or the benchmark
/// throws: speed without identical output would mean nothing.
public enum TIFFImportBenchmark {
    /// Errors of the benchmark harness itself.
    public enum Failure: Error, CustomStringConvertible {
        case anchorFailed(String)
        case digestMismatch(ours: String, anchor: String)

        public var description: String {
            switch self {
            case .anchorFailed(let message):
                "the tifffile anchor failed: \(message). Install it with `pip install numpy tifffile imagecodecs`."
            case .digestMismatch(let ours, let anchor):
                "decoded arrays differ: SHA-256 \(ours) (operando) vs \(anchor) (tifffile); this is a reader bug."
            }
        }
    }

    /// Runs the anchor script, then times our reader on the file it made.
    /// - Parameters:
    ///   - frames, size: stack shape `[frames, size, size]`.
    ///   - repeats: timed runs per side; the best is reported.
    ///   - scriptPath: the anchor; default `Benchmarks/tiff_import.py` under the current
    ///     directory, else under the package root this file was built from.
    public static func run(frames: Int = 500, size: Int = 512, repeats: Int = 3, scriptPath: String? = nil) throws -> [BenchmarkReport] {
        precondition(frames > 0 && size > 0 && repeats > 0, "TIFFImportBenchmark: frames \(frames), size \(size), repeats \(repeats) must be positive")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("operando-bench-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("lzw_stack.tif").path
        let anchor = try runAnchor(script: scriptPath ?? defaultScriptPath(), arguments: [
            "--frames", "\(frames)", "--size", "\(size)", "--repeats", "\(repeats)", "--path", path,
        ])
        guard let anchorSeconds = anchor["seconds"] as? Double, let anchorDigest = anchor["sha256"] as? String else {
            throw Failure.anchorFailed("unexpected output \(anchor)")
        }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        var best = Double.infinity, bestRead = 0.0, bestHash = Double.infinity
        var stack: ImageStack?
        var digest = ""
        for _ in 0..<repeats {
            stack = nil
            let start = ContinuousClock.now
            let decoded = try TIFFReader.read(path: path)
            let read = ContinuousClock.now
            digest = decoded.sha256()
            let end = ContinuousClock.now
            if seconds(end - start) < best { (best, bestRead) = (seconds(end - start), seconds(read - start)) }
            bestHash = min(bestHash, seconds(end - read))
            stack = decoded
        }
        guard digest == anchorDigest else { throw Failure.digestMismatch(ours: digest, anchor: anchorDigest) }
        let bytes = Double(stack?.data.count ?? 0)
        let fileBytes = (anchor["file_bytes"] as? Int) ?? 0
        return [
            BenchmarkReport(
                name: "tiff import \(frames)x\(size)x\(size) uint16 LZW (read + SHA-256)", unit: "MB/s",
                operando: bytes / best / 1e6, anchor: bytes / anchorSeconds / 1e6, anchorName: "tifffile \(anchor["tifffile"] ?? "?")",
                details: [
                    "operandoSeconds": String(format: "%.3f", best), "operandoReadSeconds": String(format: "%.3f", bestRead),
                    "operandoBestHashSeconds": String(format: "%.3f", bestHash), "anchorSeconds": String(format: "%.3f", anchorSeconds),
                    "fileBytes": "\(fileBytes)", "decodedBytes": "\(Int(bytes))", "repeats": "\(repeats)",
                    "cores": "\(ProcessInfo.processInfo.activeProcessorCount)", "sha256": digest,
                    "sha256Hardware": "\(SHA256.hardwareAvailable)",
                ]),
            BenchmarkReport(
                name: "SHA-256 of the decoded \(Int(bytes) >> 20) MiB array", unit: "MB/s",
                operando: bytes / bestHash / 1e6, anchor: (anchor["hash_seconds"] as? Double).map { bytes / $0 / 1e6 },
                anchorName: "Python hashlib (OpenSSL)",
                details: ["repeats": "\(repeats)", "sha256Hardware": "\(SHA256.hardwareAvailable)"]),
        ]
    }

    static func defaultScriptPath() -> String {
        let relative = "Benchmarks/tiff_import.py"
        let here = FileManager.default.currentDirectoryPath + "/" + relative
        if FileManager.default.fileExists(atPath: here) { return here }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(relative).path
    }

    private static func runAnchor(script: String, arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw Failure.anchorFailed("exit \(process.terminationStatus): \(errorText.suffix(500))") }
        return object
    }
}
