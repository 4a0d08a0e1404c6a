import Foundation
import Yams

/// Reads a YAML config file into settings, checking every key and its type against the schema.
/// Keys are given flat (`sample.interval: 10s`) or nested (`sample: {interval: 10s}`).
public struct ConfigFileReader {
    /// Bigger files are refused before parsing; a config file is a few kilobytes.
    public static let maximumBytes = 1 << 20
    /// Bounds the walk, so that YAML aliases nested into an exponential tree cannot hang the start-up.
    static let maximumNodes = 20_000

    public let schema: ConfigSchema
    public let environment: [String: String]

    public init(schema: ConfigSchema, environment: [String: String]) {
        self.schema = schema
        self.environment = environment
    }

    /// The file at `path`, read and checked.
    public func settings(path: String) throws(ConfigError) -> [ConfigSetting] {
        try contents(path: path).settings
    }

    /// `yaml` as if read from `path` (which only names the file in errors).
    public func settings(yaml: String, path: String) throws(ConfigError) -> [ConfigSetting] {
        try contents(yaml: yaml, path: path).settings
    }

    /// The file at `path`, read and checked, with its `clusters:` entries.
    public func contents(path: String) throws(ConfigError) -> ConfigFileContents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(.unreadableFile, "config file \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw ConfigError(.unreadableFile, "config file \(path): is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(.unreadableFile, "config file \(path): cannot be opened for reading")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: Self.maximumBytes + 1) ?? Data()
        } catch {
            throw ConfigError(.unreadableFile, "config file \(path): cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= Self.maximumBytes else {
            throw ConfigError(.tooLarge, "config file \(path): larger than \(Self.maximumBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.invalidYAML, "config file \(path): not UTF-8 text")
        }
        return try contents(yaml: text, path: path)
    }

    /// `yaml` as if read from `path`, with its `clusters:` entries.
    public func contents(yaml: String, path: String) throws(ConfigError) -> ConfigFileContents {
        guard yaml.utf8.count <= Self.maximumBytes else {
            throw ConfigError(.tooLarge, "config file \(path): larger than \(Self.maximumBytes) bytes")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(.invalidYAML, "config file \(path): \(YAMLErrorText.oneLine(error))")
        }
        guard let root else { return .empty }
        guard case .mapping(let mapping) = root else {
            throw ConfigError(
                .notAMapping, line: root.mark?.line, "config file \(path) line \(root.mark?.line ?? 1): expected a mapping of keys at the top")
        }
        var walk = ConfigWalk(schema: schema, environment: environment, path: path)
        try walk.visit(mapping, prefix: nil)
        return ConfigFileContents(settings: walk.settings(), clusters: walk.clusters)
    }
}

/// A config file's top-level settings and its `clusters:` entries (empty without the list).
public struct ConfigFileContents: Sendable {
    public let settings: [ConfigSetting]
    public let clusters: [ClusterSettings]

    /// No file.
    public static let empty = ConfigFileContents(settings: [], clusters: [])
}
