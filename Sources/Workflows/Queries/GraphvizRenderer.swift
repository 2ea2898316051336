import Foundation

/// Renders DOT to SVG with Graphviz's `dot` when it is installed.
public enum GraphvizRenderer {
    public static func render(dot: String, svgPath: String) throws {
        let candidates = ["/usr/bin/dot", "/usr/local/bin/dot"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw OperandoError(.noInput, "Graphviz `dot` is not installed (apt-get install graphviz); the DOT text was still written")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-Tsvg", "-o", svgPath]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OperandoError(.software, "dot failed with status \(process.terminationStatus)") }
    }
}
