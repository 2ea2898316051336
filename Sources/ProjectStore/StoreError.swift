/// Lookup failures in the store that a user can fix by naming something else.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case notFound(kind: String, reference: String)
    case ambiguous(kind: String, reference: String, candidates: [String])
    case writeRefused(sql: String)

    public var description: String {
        switch self {
        case .notFound(let kind, let reference):
            "no \(kind) matches '\(reference)'; list them with `operando \(kind == "run" ? "runs" : "artifacts")`"
        case .ambiguous(let kind, let reference, let candidates):
            "'\(reference)' matches several \(kind)s (\(candidates.prefix(5).joined(separator: ", "))…); give more characters"
        case .writeRefused(let sql):
            "query refused: only read-only SELECT statements are allowed (got: \(sql.prefix(60)))"
        }
    }
}
