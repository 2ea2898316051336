import Foundation

/// Runs a Python reference script (a benchmark's anchor) and reads the JSON object on the last
/// line of its stdout. The scripts live in Benchmarks/ and are never runtime dependencies.
enum PythonAnchor {
    /// `python3 script arguments…`; nil when Python, the script or its packages are missing.
    static func run(script: String, arguments: [String]) -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last
        else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
}
