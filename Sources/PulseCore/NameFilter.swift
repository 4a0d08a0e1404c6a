/// Include and exclude patterns for topic or group names, with kafka_exporter's semantics: a name
/// is kept when the include pattern matches somewhere in it and the exclude pattern does not.
public struct NameFilter {
    public struct InvalidPattern: Error, Hashable, Sendable, CustomStringConvertible {
        public let flag: String
        public let pattern: String
        public let reason: String
        public var description: String { "\(flag) \(pattern): not a valid regular expression: \(reason)" }

        init(flag: String, pattern: String, reason: String) {
            self.flag = flag
            self.pattern = pattern
            self.reason = reason
        }
    }

    private let include: Regex<AnyRegexOutput>?
    private let exclude: Regex<AnyRegexOutput>?

    /// - Parameter flags: the flag names, for the error message.
    public init(include: String?, exclude: String?, flags: (include: String, exclude: String)) throws(InvalidPattern) {
        self.include = try Self.compileIfGiven(include, flag: flags.include)
        self.exclude = try Self.compileIfGiven(exclude, flag: flags.exclude)
    }

    public func allows(_ name: String) -> Bool {
        if let include, (try? include.firstMatch(in: name)) == nil { return false }
        if let exclude, (try? exclude.firstMatch(in: name)) != nil { return false }
        return true
    }

    private static func compileIfGiven(_ pattern: String?, flag: String) throws(InvalidPattern) -> Regex<AnyRegexOutput>? {
        guard let pattern, !pattern.isEmpty else { return nil }
        return try compile(pattern, flag: flag)
    }

    /// One pattern, compiled the way every name pattern of kafka-pulse is (Swift's regex syntax);
    /// a bad one is an error naming the flag.
    public static func compile(_ pattern: String, flag: String) throws(InvalidPattern) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            throw InvalidPattern(flag: flag, pattern: pattern, reason: "\(error)")
        }
    }
}
