import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench import`: TIFF import throughput against tifffile.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "TIFF import (read + SHA-256) of an LZW uint16 stack against Python's tifffile.")

        @Option(help: "Frames in the generated stack.") var frames = 500
        @Option(help: "Width and height of each frame, pixels.") var size = 512
        @Option(help: "Timed runs per side; the best is reported.") var repeats = 3
        @Flag(help: "Print the reports as JSON.") var json = false

        func validate() throws {
            guard frames > 0, size > 0, repeats > 0 else { throw ValidationError("'--frames', '--size' and '--repeats' must be ≥ 1.") }
        }

        func run() throws {
            let reports = try TIFFImportBenchmark.run(frames: frames, size: size, repeats: repeats)
            try printBenchmarkReports(reports, json: json)
        }
    }
}
