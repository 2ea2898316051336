public import Foundation

/// Runs a Python reference snippet (`python3 -c`), feeding `input` on stdin; `nil` if python3
/// or a module it imports is unavailable, so tests that need it can skip gracefully.
public enum PythonReference {
    public static func run(_ script: String, arguments: [String] = [], input: Data = Data()) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `python3 -c "import <modules>"` succeeds.
    public static func hasModules(_ modules: String) -> Bool { run("import \(modules)") != nil }
}
