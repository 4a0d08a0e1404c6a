/// Durations in Prometheus' notation (`30s`, `5m`, `1h30m`, `500ms`), as rule files write `for:`
/// and range windows. Values are seconds.
public enum PromDuration {
    private static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800), ("y", 31_536_000),
    ]

    /// Seconds, or nil when `text` is not a Prometheus duration. "0s" is 0.
    public static func parse(_ text: String) -> Double? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 12, let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // "ms" before "m", so that 500ms is not read as 500 minutes and a stray "s".
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) && !($0.suffix == "m" && rest.hasPrefix("ms")) })
            else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += value * unit.seconds
        }
        return total
    }

    /// The shortest Prometheus spelling of whole seconds or milliseconds: 600 -> "10m", 5400 -> "1h30m".
    public static func format(_ seconds: Double) -> String {
        if seconds <= 0 { return "0s" }
        var milliseconds = Int64((seconds * 1000).rounded())
        var text = ""
        for (suffix, unitSeconds) in units.reversed() {
            let unitMilliseconds = Int64(unitSeconds * 1000)
            guard milliseconds >= unitMilliseconds else { continue }
            text += "\(milliseconds / unitMilliseconds)\(suffix)"
            milliseconds %= unitMilliseconds
        }
        return text
    }
}
