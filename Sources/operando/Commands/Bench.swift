import ArgumentParser

extension Operando {
    /// `operando bench …`: speed benchmarks, release build, each side by side with its anchor.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure speed against the reference implementation in the same run.",
            discussion: "Build with `swift build -c release` first; figures go in Docs/PERFORMANCE.md.",
            subcommands: [Import.self, Simulate.self, Denoise.self, Conv3D.self, Memory.self, Surrogate.self, Store.self, Infer.self])
    }
}
