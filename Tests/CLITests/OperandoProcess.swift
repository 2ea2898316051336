import Foundation

/// Runs the built `operando` executable as a real process (end-to-end tests).
struct OperandoProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The executable next to the test bundle (same build configuration).
    static var executable: URL {
        let bundleFolder = Bundle.main.bundleURL.deletingLastPathComponent()
        for folder in [bundleFolder, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = folder.appendingPathComponent("operando")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/operando")
    }

    static var corpus: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared/tiff-corpus") }

    /// Starts `operando arguments…` in `directory`; the caller waits or kills.
    static func start(_ arguments: [String], in directory: URL) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs to completion.
    static func run(_ arguments: [String], in directory: URL) throws -> Result {
        let (process, out, err) = try start(arguments, in: directory)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
