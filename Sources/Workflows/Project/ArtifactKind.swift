import Hashing
public import ProjectStore

/// The kinds of artifact Operando stores, with the short prefix of their ids.
public enum ArtifactKind: String, CaseIterable, Codable, Sendable {
    case stack, preprocessedStack = "preprocessed-stack", simulation, dataset, weights, prediction
    case inference, bank, calibration, evaluation, report

    /// Id prefix: `stk-1a2b3c4d5e6f`.
    public var prefix: String {
        switch self {
        case .stack: "stk"
        case .preprocessedStack: "pre"
        case .simulation: "sim"
        case .dataset: "ds"
        case .weights: "w"
        case .prediction: "pred"
        case .inference: "inf"
        case .bank: "bank"
        case .calibration: "cal"
        case .evaluation: "eval"
        case .report: "rep"
        }
    }

    /// The deterministic id of an artifact of this kind with this identity:
    /// `prefix-` + the first 12 hex digits of SHA-256(kind ⏎ identity). The same inputs give
    /// the same id in every project, so artifacts made on a cluster and locally compare equal.
    public func id(identity: String) -> String {
        prefix + "-" + SHA256.hexDigest(of: Array("\(rawValue)\n\(identity)".utf8)).prefix(12)
    }
}

extension Project {
    /// The artifact named by an id prefix or a name, among the given kinds (all when empty).
    public func artifact(_ reference: String, _ kinds: ArtifactKind...) throws -> ArtifactRecord {
        try database.artifact(reference, kinds: kinds.isEmpty ? nil : kinds.map(\.rawValue))
    }
}
