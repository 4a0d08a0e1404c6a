/// A security setting kafka-pulse refuses to start with; the message names the flag.
public struct KafkaSecurityError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case missingValue = "missing_value"
        case invalidValue = "invalid_value"
        case conflictingFlags = "conflicting_flags"
        case unreadableFile = "unreadable_file"
        case flagWithoutFeature = "flag_without_feature"
    }

    public let code: Code
    public let message: String
    public let file: String
    public let line: Int

    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { message }
}
