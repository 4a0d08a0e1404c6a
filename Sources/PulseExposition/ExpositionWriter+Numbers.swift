extension ExpositionWriter {
    /// Writes decimal digits directly, without a `String` in between.
    mutating func appendInteger(_ value: Int64) {
        if value < 0 { bytes.append(.minus) }
        // `magnitude` is a UInt64, so Int64.min needs no special case.
        var remaining = value.magnitude
        var digits = 1
        var probe = remaining
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8.digitZero, count: digits))
        var index = start + digits - 1
        repeat {
            bytes[index] = .digitZero + UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
            index -= 1
        } while remaining > 0
    }

    /// Writes a float the way Prometheus' Go parser reads it: `NaN`, `+Inf`, `-Inf`, whole numbers as
    /// plain digits (`123`, not Swift's `123.0`), everything else as the shortest round-trip form
    /// (`0.0123`, `1.5e-07`).
    mutating func appendDouble(_ value: Double) {
        if value.isNaN {
            append("NaN")
        } else if value.isInfinite {
            append(value < 0 ? "-Inf" : "+Inf")
        } else if value.rounded(.towardZero) == value, value.magnitude <= Self.exactIntegerLimit {
            appendInteger(Int64(value))
        } else {
            // Only self-metrics (durations, timestamps) are Doubles, a few per page; most of these
            // strings are short enough to be stored inline, without a heap allocation.
            append(value.description)
        }
    }

    /// Up to 2^53 every whole Double is an exact integer and Swift's `description` would append
    /// `.0`; above it `description` switches to exponent form (`1e+16`), which needs no help.
    private static let exactIntegerLimit = Double(1 << 53)
}
