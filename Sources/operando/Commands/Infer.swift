import ArgumentParser
import Foundation
import Workflows

/// Options shared by `infer` and `calibrate`: the prior and the bank's size.
struct BankOptions: ParsableArguments {
    @Option(help: "The physics model (dendrite).") var physics = "dendrite"
    @Option(help: "The parameter to infer (K).") var parameter = "K"
    @Option(help: "Uniform prior low:high.") var prior = "0.8:2.4"
    @Option(help: "Parameter nodes of the simulation bank.") var bankCount = 16
    @Option(help: "Simulations per node (different seeds, nucleus sizes, orientations).") var replicates = 3

    func validate() throws {
        guard physics == "dendrite", parameter == "K" else {
            throw ValidationError("only --physics dendrite --parameter K is supported in this version")
        }
        if bankCount < 2 || replicates < 1 { throw ValidationError("--bank-count ≥ 2 and --replicates ≥ 1") }
    }

    func priorRange() throws -> ClosedRange<Double> { try parseRange(prior, option: "--prior") }
}

extension Operando {
    /// `operando infer --stack S --physics dendrite --parameter K --prior 0.8:2.4`
    struct Infer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Estimate the latent heat K from a preprocessed stack, with calibrated intervals and fit flags.",
            discussion: """
                Simulations of a bank (built once per set-up, reused across stacks) are compared \
                with the stack through rotation-invariant summary statistics; the time origin, \
                blur, orientation and nucleus size are nuisances, and the time scale too unless
                --time-unit is given. The newest `operando calibrate` of the bank is applied.
                With --engine surrogate --model W the bank's runs simulate only the model's
                context frames and the E3D-LSTM rolls out the rest; the simulator is then run at
                the estimate and the result flagged surrogateSimulatorDisagree when the two
                differ by more than the likelihood's covariance allows (Docs/inference.md).
                """)
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var bank: BankOptions
        @Option(help: "Preprocessed stack id or name.") var stack: String
        @Option(help: "simulator, or surrogate (needs --model).") var engine = "simulator"
        @Option(help: "Weights id or name of the E3D-LSTM for --engine surrogate.") var model: String?
        @Option(help: "Physical length of one model length unit, e.g. 10um.") var lengthUnit: String?
        @Option(help: "Duration of one model time unit, e.g. 250s.") var timeUnit: String?
        @Option(help: "The true value, when known (drawn on the posterior plot).") var truth: Double?

        func validate() throws {
            switch (engine, model) {
            case ("simulator", nil), ("surrogate", .some): return
            case ("simulator", .some): throw ValidationError("--model is only used with --engine surrogate")
            case ("surrogate", nil): throw ValidationError("--engine surrogate needs --model W, the weights id or name of a trained E3D-LSTM")
            default: throw ValidationError("--engine must be simulator or surrogate, not '\(engine)'")
            }
        }

        func run() throws {
            try reportingErrors {
                let opened = try project.open()
                let length = try lengthUnit.map { try Quantity(parsing: $0, what: "--length-unit") }
                let time = try timeUnit.map { try Quantity(parsing: $0, what: "--time-unit") }
                let setup = try InferWorkflow.setup(
                    project: opened, stack: stack, prior: try bank.priorRange(), lengthUnit: length, timeUnit: time,
                    count: bank.bankCount, replicates: bank.replicates, model: model)
                let outcome = try InferWorkflow.infer(project: opened, stack: stack, setup: setup, timeUnit: time, truth: truth)
                if output.json { return try printJSON(outcome) }
                for line in outcome.lines { print(line) }
            }
        }
    }

    /// `operando calibrate --physics dendrite --parameter K --count 100`
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulation-based calibration of a bank: coverage of the 68%/95% intervals on fresh simulated stacks, and the correction later inferences apply.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var bank: BankOptions
        @Option(help: "Fresh simulated stacks with known K.") var count = 40
        @Option(help: "Frames per stack (as the stacks you will infer from).") var frames = 40
        @Option(help: "Output frame side.") var size = 64
        @Flag(help: "Film each stack with the simulated microscope and preprocess it with the default recipe, starting 0–4 frames late (use when your stacks are microscope images preprocessed with --default).")
        var microscope = false

        func run() throws {
            try reportingErrors {
                let setup = InferWorkflow.BankSetup(
                    prior: try bank.priorRange(), count: bank.bankCount, replicates: bank.replicates,
                    frames: Int((Double(frames - 1) * 1.1).rounded(.up)) + 8, gridSize: size * 4, outputSize: size)
                let stacks = microscope ? CalibrationStacks.filmed(frames: frames, timeScaleKnown: true) : CalibrationStacks()
                let (id, report) = try InferWorkflow.calibrate(project: try project.open(), setup: setup, count: count, stacks: stacks)
                if output.json { return try printJSON(report) }
                for line in InferWorkflow.lines(id, report) { print(line) }
            }
        }
    }
}
