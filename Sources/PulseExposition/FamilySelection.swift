public import PulseCore

/// Which metric families the page carries (`--metrics.include`, `--metrics.exclude`), decided once
/// when the configuration is read: the renderer walks only the selected families, so an excluded
/// one costs nothing per sample, let alone per series.
///
/// Patterns match the whole family name, as Prometheus anchors its relabelling regexes: `kafka_topic`
/// matches no family, `kafka_topic_.*` all the topic ones. A family is exported when it matches
/// some include (or none is given) and no exclude; exclude wins. The exporter's liveness families
/// (`alwaysKept`) are exported whatever the patterns say, so the bundled "exporter down" and
/// "no fresh data" alerts keep working.
public struct FamilySelection: Sendable {
    /// `kafka_pulse_up`, the build info (the "exporter down" alert joins on it) and the last-success
    /// timestamp (the "no fresh data" alert).
    public static let alwaysKept: Set<String> = [
        "kafka_pulse_up", "kafka_pulse_build_info", "kafka_pulse_last_success_timestamp_seconds",
    ]

    /// Every family the exporter knows, by name.
    public static var knownNames: [String] { MetricFamilies.sortedByName.map(\.name) }

    /// The selected families, in render order.
    let families: [any MetricFamily]
    /// One line per pattern that matches no known family (a typo, most likely) or, for an exclude,
    /// only families that are always kept: worth a warning at start, not a refusal.
    public let warnings: [String]

    /// Every family.
    public static let all = FamilySelection()

    private init() {
        families = MetricFamilies.sortedByName
        warnings = []
    }

    init(families: [any MetricFamily], warnings: [String]) {
        self.families = families
        self.warnings = warnings
    }

    /// - Parameter flags: the flag names, for error and warning lines.
    public init(
        include: [String], exclude: [String], flags: (include: String, exclude: String) = ("--metrics.include", "--metrics.exclude")
    ) throws(NameFilter.InvalidPattern) {
        let includes = try Self.compile(include, flag: flags.include)
        let excludes = try Self.compile(exclude, flag: flags.exclude)
        let names = Self.knownNames
        var warnings: [String] = []
        for (pattern, regex) in includes where !names.contains(where: { Self.matches(regex, $0) }) {
            warnings.append("\(flags.include) \(pattern): matches no metric family (see docs/metrics.md)")
        }
        for (pattern, regex) in excludes {
            let matched = names.filter { Self.matches(regex, $0) }
            if matched.isEmpty {
                warnings.append("\(flags.exclude) \(pattern): matches no metric family (see docs/metrics.md)")
            } else if matched.allSatisfy(Self.alwaysKept.contains) {
                warnings.append("\(flags.exclude) \(pattern): matches only families that are always exported (\(matched.joined(separator: ", ")))")
            }
        }
        self.warnings = warnings
        families = MetricFamilies.sortedByName.filter { family in
            if Self.alwaysKept.contains(family.name) { return true }
            let included = includes.isEmpty || includes.contains { Self.matches($0.regex, family.name) }
            return included && !excludes.contains { Self.matches($0.regex, family.name) }
        }
    }

    /// Names of the families the page carries, in render order.
    public var names: [String] { families.map(\.name) }

    /// Whether some selected family reads the per-broker partition counts, which walk every partition.
    var needsBrokerLoad: Bool { families.contains { $0.readsBrokerLoad } }

    private static func compile(_ patterns: [String], flag: String) throws(NameFilter.InvalidPattern) -> [(pattern: String, regex: Regex<AnyRegexOutput>)] {
        var compiled: [(pattern: String, regex: Regex<AnyRegexOutput>)] = []
        for pattern in patterns {
            compiled.append((pattern, try NameFilter.compile(pattern, flag: flag)))
        }
        return compiled
    }

    /// Fully anchored, as Prometheus' `^(?:pattern)$`.
    private static func matches(_ regex: Regex<AnyRegexOutput>, _ name: String) -> Bool {
        (try? regex.wholeMatch(in: name)) != nil
    }
}
