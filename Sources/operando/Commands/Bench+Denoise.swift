import ArgumentParser
import Foundation
import Workflows

extension Operando.Bench {
    /// `operando bench denoise`: NLM and TV on a synthetic microscope stack vs scikit-image.
    struct Denoise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time non-local means and TV denoising against scikit-image on the same stack.")

        @Option(help: "Number of frames in the stack.") var frames = 100
        @Option(help: "Frame edge length in pixels (a multiple of 64).") var size = 256
        @Option(help: "Path of the Python anchor script.") var script = "Benchmarks/preprocessing_denoise.py"
        @Flag(help: "Print the reports as JSON.") var json = false

        func validate() throws {
            if frames < 1 { throw ValidationError("'--frames' must be ≥ 1.") }
            if size < 64 || size % 64 != 0 { throw ValidationError("'--size' must be a positive multiple of 64.") }
        }

        func run() throws {
            let reports = try DenoiseBenchmark.run(frames: frames, size: size, script: script)
            try printBenchmarkReports(reports, json: json)
        }
    }
}
