import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando simulate MODEL --count N --frames F --K a:b …`
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a training set: a sweep of phase-field sequences stored as a dataset.",
            discussion: """
                Each sequence's parameters are drawn from the given ranges with its own seed derived \
                from --seed and its index, so the same command always makes the same dataset, and \
                rerunning an interrupted sweep (--resume) computes only what is missing. \
                With --executor slurm the points run as a Slurm job array (one `operando run-point` \
                per task) followed by an ingest job; rerunning the command resubmits only the \
                points that are missing or failed.
                """)

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "plane-wave | grain-growth | spinodal | dendrite") var model: String
        @Option(help: "Number of sequences.") var count = 8
        @Option(help: "Frames per sequence.") var frames = 40
        @Option(name: .customLong("K"), help: "Dendrite latent heat range low:high.") var latentHeat: String?
        @Option(name: .customLong("theta0"), help: "Dendrite orientation range low:high (radians).") var orientation: String?
        @Option(help: "Master seed.") var seed: UInt64 = 1
        @Option(help: "Dataset name.") var name: String?
        @Option(help: "Simulation grid side (default: the model's).") var grid: Int?
        @Option(name: .customLong("output-size"), help: "Output frame side (default 64).") var outputSize: Int?
        @Option(name: [.customShort("j"), .long], help: "Simulations at a time (default: all cores).") var jobs = ProcessInfo.processInfo.activeProcessorCount
        @Flag(help: "Continue an interrupted sweep (the default behaviour; kept for clarity).") var resume = false
        @OptionGroup var executor: ExecutorOptions

        func run() throws {
            try reportingErrors {
                var ranges: [String: ClosedRange<Double>] = [:]
                if let latentHeat { ranges["K"] = try parseRange(latentHeat, option: "--K") }
                if let orientation { ranges["theta0"] = try parseRange(orientation, option: "--theta0") }
                let request = SweepRequest(model: model, name: name, count: count, frames: frames, seed: seed, ranges: ranges, gridSize: grid, outputSize: outputSize)
                let manifest = try request.manifest()
                let opened = try project.open()
                try executor.execute(manifest: manifest, project: opened, jobs: jobs, json: output.json)
            }
        }
    }
}

/// Parses `low:high` into a closed range.
func parseRange(_ text: String, option: String) throws -> ClosedRange<Double> {
    let parts = text.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    if parts.count == 1, let value = parts[0] { return value...value }
    guard parts.count == 2, let low = parts[0], let high = parts[1], low <= high else {
        throw ValidationError("\(option) '\(text)' must be low:high with low ≤ high")
    }
    return low...high
}
