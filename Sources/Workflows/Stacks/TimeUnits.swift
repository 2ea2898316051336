/// Conversions of the time and length units Operando accepts, to seconds and micrometres.
public enum TimeUnits {
    public static func seconds(_ quantity: Quantity) throws -> Double {
        let factors: [String: Double] = ["s": 1, "sec": 1, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "min": 60, "h": 3600]
        guard let factor = factors[quantity.unit] else {
            throw OperandoError(.usage, "unknown time unit '\(quantity.unit)' in \(quantity); use s, ms, us, min or h")
        }
        return quantity.value * factor
    }
}

/// Length units to micrometres.
public enum LengthUnits {
    public static func micrometres(_ quantity: Quantity) throws -> Double {
        let factors: [String: Double] = ["um": 1, "µm": 1, "micron": 1, "nm": 1e-3, "mm": 1e3, "cm": 1e4, "m": 1e6]
        guard let factor = factors[quantity.unit] else {
            throw OperandoError(.usage, "unknown length unit '\(quantity.unit)' in \(quantity); use nm, um, mm, cm or m")
        }
        return quantity.value * factor
    }
}
