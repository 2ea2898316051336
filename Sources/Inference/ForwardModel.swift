public import Tensor

/// A simulator (or surrogate) that turns parameter values into a frame stack.
///
/// `Inference` never sees a concrete simulator: `Workflows` wraps the dendrite simulator or the
/// E3D-LSTM surrogate in a type conforming to this protocol, and tests plug in analytic models.
///
/// Conventions the engine relies on:
/// - `simulate` returns frames `[T, H, W]` in `[0, 1]` with solid = 1, frame 0 at model time 0
///   (the nucleus) and consecutive frames `frameInterval` model-time units apart.
/// - Every name in `parameterNames` may appear in `parameters`; names the engine does not pass
///   keep the model's defaults. The inferred parameter (e.g. `"K"`) and the nuisance parameters of
///   a ``BankDesign`` (e.g. a nucleus radius or an orientation) must be among them.
/// - The same `(parameters, seed)` gives the same frames (the seed drives all model noise).
public protocol ForwardModel: Sendable {
    /// Names of the parameters `simulate` understands.
    var parameterNames: [String] { get }
    /// Model time between two consecutive output frames.
    var frameInterval: Double { get }
    /// Runs the model. Returns frames `[T, H, W]` in `[0, 1]`, solid = 1.
    func simulate(parameters: [String: Double], seed: UInt64) throws -> Tensor
}
