public import Foundation
import Hashing

/// One point of a sweep: which model, its exact typed parameters and its own seed.
///
/// The point id is the SHA-256 of the point's canonical JSON (sorted keys, numbers in their
/// shortest round-trip form), so `0.1` and `1e-1` name the same point, and the same point
/// made on a cluster or locally is the same artifact.
public struct SweepPoint: Codable, Sendable, Equatable {
    /// Model name, e.g. `dendrite`.
    public var model: String
    /// The model's parameter struct, encoded as a JSON object.
    public var parameters: JSONValue
    /// The point's own seed, derived from the master seed and the point's index.
    public var seed: UInt64

    public init(model: String, parameters: JSONValue, seed: UInt64) {
        self.model = model
        self.parameters = parameters
        self.seed = seed
    }

    /// Builds a point from any Codable parameter struct.
    public init(model: String, parameters: some Encodable, seed: UInt64) throws {
        self.init(model: model, parameters: try JSON.decode(JSONValue.self, from: try JSON.encode(parameters)), seed: seed)
    }

    /// The parameters decoded as the model's struct.
    public func decodeParameters<P: Decodable>(_ type: P.Type) throws -> P {
        try JSON.decode(type, from: try JSON.encode(parameters))
    }

    /// Canonical JSON, one line.
    public var canonicalJSON: String {
        // Encoding a JSONValue cannot fail: every case is representable.
        (try? JSON.string(self)) ?? ""
    }

    /// `SHA-256(canonicalJSON)` in hex.
    public var id: String { SHA256.hexDigest(of: Array(canonicalJSON.utf8)) }
}
