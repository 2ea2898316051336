/// The demo's settings: a flat `key = value` TOML file (Projects/demo.toml holds a copy of the
/// embedded default, so a user can copy it for an experiment of their own).
public struct DemoRecipe: Codable, Sendable, Equatable {
    /// Training set: dendrites with K uniform in [kLow, kHigh].
    public var trainingCount = 10
    public var trainingFrames = 40
    public var kLow = 1.2
    public var kHigh = 2.0
    public var gridSize = 256
    public var outputSize = 64
    /// Surrogate: layers × hidden channels, patch, updates and batch.
    public var layers = 2
    public var hidden = 16
    public var patch = 4
    public var steps = 200
    public var batch = 4
    /// The synthetic experiment: a dendrite with this hidden K, filmed by a simulated microscope.
    public var hiddenK = 1.55
    public var stackFrames = 40
    /// Raw pixel size (µm) and frame interval (s) of the microscope stack.
    public var pixelSizeMicrometres = 0.3
    public var frameIntervalSeconds = 2.0
    /// Physical size of one model length unit and duration of one model time unit.
    public var lengthUnitMicrometres = 10.0
    public var timeUnitSeconds = 250.0
    /// Prediction: context ends at frame `predictFrom − 1`; `predictFrames` are rolled out.
    public var predictFrom = 10
    public var predictFrames = 30
    /// Inference bank: K nodes × replicates over the prior [priorLow, priorHigh].
    public var priorLow = 0.8
    public var priorHigh = 2.4
    public var bankCount = 16
    public var bankReplicates = 3
    /// Fresh simulated stacks for the bank's simulation-based calibration (0: none).
    public var calibrationCount = 20
    public var seed: UInt64 = 7

    public init() {}

    /// The embedded default, as TOML text.
    public static let defaultTOML = """
        # Operando demo recipe: every number the demo uses. Copy it, edit it, run
        # `operando demo --recipe my.toml DIR`.

        # Training set: dendrites with K uniform in [k_low, k_high]
        training_count = 10
        training_frames = 40
        k_low = 1.2
        k_high = 2.0
        grid_size = 256
        output_size = 64

        # Surrogate (E3D-LSTM)
        layers = 2
        hidden = 16
        patch = 4
        steps = 200
        batch = 4

        # The synthetic experiment: a dendrite with a hidden K, filmed by a simulated microscope
        hidden_k = 1.55
        stack_frames = 40
        pixel_size_micrometres = 0.3
        frame_interval_seconds = 2.0
        length_unit_micrometres = 10.0
        time_unit_seconds = 250.0

        # Prediction and inference
        predict_from = 10
        predict_frames = 30
        prior_low = 0.8
        prior_high = 2.4
        bank_count = 16
        bank_replicates = 3
        calibration_count = 20
        seed = 7

        """

    /// Parses `key = number` lines (`#` comments, blank lines); unknown keys are errors.
    public init(toml text: String) throws {
        self.init()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw OperandoError(.usage, "demo recipe line \(index + 1): expected `key = number`, found '\(line)'")
            }
            try set(parts[0], value, line: index + 1)
        }
    }

    private mutating func set(_ key: String, _ value: Double, line: Int) throws {
        func integer() throws -> Int {
            guard value == value.rounded(), value >= 1 else { throw OperandoError(.usage, "demo recipe line \(line): \(key) must be a positive whole number") }
            return Int(value)
        }
        switch key {
        case "training_count": trainingCount = try integer()
        case "training_frames": trainingFrames = try integer()
        case "k_low": kLow = value
        case "k_high": kHigh = value
        case "grid_size": gridSize = try integer()
        case "output_size": outputSize = try integer()
        case "layers": layers = try integer()
        case "hidden": hidden = try integer()
        case "patch": patch = try integer()
        case "steps": steps = try integer()
        case "batch": batch = try integer()
        case "hidden_k": hiddenK = value
        case "stack_frames": stackFrames = try integer()
        case "pixel_size_micrometres": pixelSizeMicrometres = value
        case "frame_interval_seconds": frameIntervalSeconds = value
        case "length_unit_micrometres": lengthUnitMicrometres = value
        case "time_unit_seconds": timeUnitSeconds = value
        case "predict_from": predictFrom = try integer()
        case "predict_frames": predictFrames = try integer()
        case "prior_low": priorLow = value
        case "prior_high": priorHigh = value
        case "bank_count": bankCount = try integer()
        case "bank_replicates": bankReplicates = try integer()
        case "calibration_count":
            guard value == value.rounded(), value >= 0 else { throw OperandoError(.usage, "demo recipe line \(line): calibration_count must be a whole number ≥ 0") }
            calibrationCount = Int(value)
        case "seed": seed = UInt64(try integer())
        default: throw OperandoError(.usage, "demo recipe line \(line): unknown key '\(key)'")
        }
    }
}

import Foundation
