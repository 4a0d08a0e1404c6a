/// Why the config file or a `KAFKA_PULSE_*` variable cannot be used: one line naming the file, the line
/// and the key (or the variable), shown at start-up before anything runs.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unreadableFile, invalidYAML, notAMapping, unknownKey, wrongType, missingValue, duplicateKey
        case undefinedVariable, invalidSubstitution, tooLarge, invalidEnvironment
    }

    public let code: Code
    /// The key (or variable) at fault, when there is one.
    public let key: String?
    /// 1-based line in the config file, when the problem is in the file.
    public let line: Int?
    public let message: String

    init(_ code: Code, key: String? = nil, line: Int? = nil, _ message: String) {
        self.code = code
        self.key = key
        self.line = line
        self.message = message
    }

    public var description: String { message }
}
