public import Tensor

/// What a simulator returns: the observable image sequence and, on request, hidden fields.
public struct SimulationResult: Sendable, Equatable {
    /// Observable frames `[T, H, W]`, Float32 in `[0, 1]`, row-major with `[row, col] = [y, x]`.
    public var frames: Tensor
    /// Fields the microscope would not see, keyed by name, each `[T, H, W]` on the frame grid
    /// and unclipped (e.g. `"temperature"` for the dendrite). Empty unless requested.
    public var hiddenFields: [String: Tensor]

    public init(frames: Tensor, hiddenFields: [String: Tensor] = [:]) {
        self.frames = frames
        self.hiddenFields = hiddenFields
    }

    /// The dendrite's temperature `[T, H, W]`, if it was requested.
    public var temperature: Tensor? { hiddenFields["temperature"] }
}
