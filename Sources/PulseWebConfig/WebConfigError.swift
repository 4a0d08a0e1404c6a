/// Why a `--web.config.file` cannot be used. The message names the file and the key
/// (`tls_server_config.min_version`), and the line when the YAML gives one.
public struct WebConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case unreadableFile
        case invalidYAML
        case unknownKey
        case wrongType
        case invalidValue
        case missingKey
        case unsupportedKey
    }

    public let code: Code
    /// The dotted key path, empty for the file as a whole.
    public let key: String
    public let line: Int?
    public let message: String

    public init(_ code: Code, key: String, line: Int? = nil, _ message: String) {
        self.code = code
        self.key = key
        self.line = line
        self.message = message
    }

    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        return key.isEmpty ? "\(location)\(message)" : "\(location)\(key): \(message)"
    }
}
