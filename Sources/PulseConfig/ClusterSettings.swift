/// One entry of the config file's `clusters:` list: a cluster's name and the keys it sets for
/// itself, over the file's top level.
public struct ClusterSettings: Sendable, Hashable {
    /// The top-level key of the list.
    public static let key = "clusters"

    /// The `cluster` label of its series; letters, digits, `.`, `_` and `-`.
    public let name: String
    /// Where the entry starts in the file.
    public let line: Int
    public let settings: [ConfigSetting]

    public init(name: String, line: Int, settings: [ConfigSetting]) {
        self.name = name
        self.line = line
        self.settings = settings
    }

    /// Why `name` cannot name a cluster, or nil when it can: it is a label value, a log field and
    /// part of `/readyz?cluster=` links, so it stays plain.
    public static func problem(withName name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64 else { return "a cluster name has 1 to 64 characters" }
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
        return allowed ? nil : "a cluster name has only letters, digits, '.', '_' and '-'"
    }
}
