import Foundation

/// One benchmark's result: our figure next to the anchor's, measured in the same invocation.
public struct BenchmarkReport: Codable, Sendable {
    /// Short name, e.g. `conv3d forward+backward 64→448`.
    public var name: String
    /// Measured quantity and unit, e.g. `seconds`, `GFLOP/s`.
    public var unit: String
    /// Our figure.
    public var operando: Double
    /// The anchor's figure (PyTorch, numpy, tifffile, scikit-image, sgemm peak…), if it ran.
    public var anchor: Double?
    /// What the anchor is.
    public var anchorName: String
    /// Free-form extra facts (shapes, threads, repetitions).
    public var details: [String: String]

    public init(name: String, unit: String, operando: Double, anchor: Double?, anchorName: String, details: [String: String] = [:]) {
        self.name = name
        self.unit = unit
        self.operando = operando
        self.anchor = anchor
        self.anchorName = anchorName
        self.details = details
    }

    /// A one-line human summary: `name: 1.23 s vs 4.56 s (anchor) → 0.27×`.
    public var line: String {
        let ours = String(format: "%.4g", operando)
        guard let anchor else { return "\(name): \(ours) \(unit) (\(anchorName) not run)" }
        return "\(name): \(ours) \(unit) vs \(String(format: "%.4g", anchor)) \(unit) \(anchorName) → ratio \(String(format: "%.3f", operando / anchor))"
    }
}
