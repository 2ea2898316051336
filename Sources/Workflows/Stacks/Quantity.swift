/// A number with a unit as a user types it: `0.3um`, `2 s`, `250ms`, `10µm`.
public struct Quantity: Codable, Sendable, Equatable, CustomStringConvertible {
    public var value: Double
    public var unit: String

    public init(value: Double, unit: String) {
        self.value = value
        self.unit = unit
    }

    /// Parses `<number><unit>`; the unit may be separated by spaces.
    /// - Throws: `OperandoError(.usage)` naming the text.
    public init(parsing text: String, what: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numberEnd = trimmed.firstIndex { !"0123456789.+-eE".contains($0) } ?? trimmed.endIndex
        var numberText = String(trimmed[..<numberEnd])
        var unitText = String(trimmed[numberEnd...]).trimmingCharacters(in: .whitespaces)
        // "2e" + "s" style ambiguity cannot arise: units never start with a digit; but "1e" could
        // swallow the "e" of a unit like "em" — units here never start with e.
        if numberText.hasSuffix("e") || numberText.hasSuffix("E") {
            numberText.removeLast()
            unitText = "e" + unitText
        }
        guard let value = Double(numberText), value.isFinite, value > 0 else {
            throw OperandoError(.usage, "\(what) '\(text)' is not a positive number with a unit, e.g. 0.3um or 2s")
        }
        guard !unitText.isEmpty else {
            throw OperandoError(.usage, "\(what) '\(text)' has no unit; write e.g. 0.3um or 2s")
        }
        self.value = value
        self.unit = unitText
    }

    public var description: String { "\(value)\(unit)" }
}

import Foundation
