/// Every key a config file or the environment may set, derived from the command line's own
/// definition so that a new flag is a new key without touching the loader.
public struct ConfigSchema: Sendable {
    public let keys: [String: ConfigKey]
    /// Mapping sections whose entries become `key=value` values of a repeating option, e.g.
    /// `librdkafka: {security.protocol: SSL}` -> `--kafka.property security.protocol=SSL`.
    public let sections: [String: String]
    private let prefixes: Set<String>
    /// Which keys a `clusters:` entry may set; empty: the file has no `clusters:` list.
    public let perCluster: PerClusterKeys

    /// `sections` whose target key does not exist (yet) are left out, so a section can be declared
    /// before the flag it feeds lands.
    public init(keys: [ConfigKey], sections: [String: String] = [:], perCluster: PerClusterKeys = PerClusterKeys()) {
        self.perCluster = perCluster
        var byName: [String: ConfigKey] = [:]
        for key in keys { byName[key.name] = key }
        self.keys = byName
        self.sections = sections.filter { byName[$0.value]?.kind == .repeatingOption }
        var prefixes = Set<String>()
        for name in byName.keys {
            var parts = name.split(separator: ".").dropLast()
            while !parts.isEmpty {
                prefixes.insert(parts.joined(separator: "."))
                parts = parts.dropLast()
            }
        }
        self.prefixes = prefixes
    }

    /// True when `path` is the start of a nested key, as `sample` is for `sample.interval`.
    func isNestingPrefix(_ path: String) -> Bool { prefixes.contains(path) }

    /// Whether `path` names a key whose mapping values are `key=value` pairs.
    func acceptsPairs(_ name: String) -> Bool { sections.values.contains(name) }

    /// A known key close to `name`, for the "did you mean" in an unknown-key error.
    func suggestion(for name: String) -> String? {
        let squashed = Self.squash(name)
        if let exact = keys.keys.sorted().first(where: { Self.squash($0) == squashed }) { return exact }
        return keys.keys.sorted().first { EditDistance.isWithin(2, $0, name) }
    }

    private static func squash(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "." && $0 != "-" && $0 != "_" })
    }
}

/// The keys that belong to one Kafka cluster (where it is, how to log in, what to read, how often)
/// as opposed to the process (HTTP, logging, alerting).
public struct PerClusterKeys: Sendable {
    public let prefixes: [String]
    public let names: Set<String>

    public init(prefixes: [String] = [], names: Set<String> = []) {
        self.prefixes = prefixes
        self.names = names
    }

    public var isEmpty: Bool { prefixes.isEmpty && names.isEmpty }

    public func contains(_ key: String) -> Bool {
        names.contains(key) || prefixes.contains { key.hasPrefix($0) }
    }
}
