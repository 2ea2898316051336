import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando preprocess STACK --resize 64x64 --denoise nlm --segment otsu …`
    struct Preprocess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resize, denoise, correct and segment a stack; the steps run in the order given.",
            discussion: """
                Steps: --resize WxH, --crop WxH+X+Y, --denoise gaussian|median|nlm|tv|hotpixels, \
                --gaussian SIGMA, --median RADIUS, --hotpixels THRESHOLD, --frames START..END[/STEP], \
                --drift METHOD, --normalize, --flatfield SIGMA, --segment otsu|multiotsu|threshold, \
                --convert auto|keep|invert, each with optional :key=value parameters \
                (e.g. --denoise nlm:h=0.05). Or --recipe FILE.toml, or --default for the \
                microscope recipe (hot pixels → drift → area resize 64² → NLM → convert). \
                The same recipe on the same stack reuses the stored result.
                """)

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Stack id (unique prefix) or name.") var stack: String
        @Option(help: "A TOML recipe file ([[step]] tables).") var recipe: String?
        @Flag(name: .customLong("default"), help: "Use the default microscopy recipe.") var useDefault = false
        @Option(help: "Name of the result.") var name: String?
        @Argument(parsing: .allUnrecognized, help: "Steps as --kind value pairs, in order.") var steps: [String] = []

        func run() throws {
            try reportingErrors {
                let specs = try StepArguments.specs(from: steps)
                let sources = [recipe != nil, useDefault, !specs.isEmpty].filter { $0 }.count
                guard sources == 1 else { throw ValidationError("give steps, or --recipe FILE, or --default (exactly one)") }
                let parsed = try RecipeSource.recipe(specs: specs, file: recipe, useDefault: useDefault)
                let outcome = try PreprocessWorkflow.run(project: try project.open(), stack: stack, recipe: parsed, name: name)
                if output.json { return try printJSON(outcome) }
                print("\(outcome.artifact)  \(outcome.shape)\(outcome.reused ? "  (same recipe on the same stack: reused)" : "")")
                for line in outcome.stepLines { print("  " + line) }
            }
        }
    }
}

/// Turns `--resize 64x64 --denoise nlm:h=0.05 --normalize` into recipe specs, keeping the order.
enum StepArguments {
    static let flagsWithoutValue: Set<String> = ["normalize"]

    static func specs(from arguments: [String]) throws -> [String] {
        var specs: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw ValidationError("unexpected '\(argument)': steps are written --kind value") }
            let kind = String(argument.dropFirst(2))
            if let equals = kind.firstIndex(of: "=") {
                specs.append(kind[..<equals] + "=" + kind[kind.index(after: equals)...])
                index += 1
            } else if flagsWithoutValue.contains(kind) || index + 1 >= arguments.count || arguments[index + 1].hasPrefix("--") {
                specs.append(kind)
                index += 1
            } else {
                specs.append("\(kind)=\(arguments[index + 1])")
                index += 2
            }
        }
        return specs
    }
}
