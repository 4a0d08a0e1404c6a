import ArgumentParser

/// A duration flag in Prometheus/Go notation: `500ms`, `10s`, `1m`, `1m30s`, `2h`.
struct DurationFlag: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let duration: Duration
    let text: String

    init?(argument: String) {
        guard let duration = Self.parse(argument), duration > .zero else { return nil }
        self.duration = duration
        self.text = argument
    }

    var description: String { text }

    /// The one-line error when the duration is outside `range`, for a flag's `validate()`.
    func check(_ flag: String, within range: ClosedRange<Duration>, _ limits: String) throws {
        guard range.contains(duration) else { throw ValidationError("--\(flag) \(text): must be \(limits)") }
    }
    static var defaultCompletionKind: CompletionKind { .default }

    static func parse(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int64(digits), value < 1_000_000_000 else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms")) }) else {
                return nil
            }
            rest = rest.dropFirst(unit.0.count)
            // Many large parts ("999999999h999999999h…") must be a bad value, not an overflow trap.
            let (part, overflowed) = value.multipliedReportingOverflow(by: unit.1)
            let (sum, overflowedSum) = total.addingReportingOverflow(part)
            guard !overflowed, !overflowedSum else { return nil }
            total = sum
        }
        return .milliseconds(total)
    }
}
