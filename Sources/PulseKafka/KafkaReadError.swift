/// A failure reading from Kafka through librdkafka. librdkafka's error codes end here: callers see
/// a stable code and librdkafka's own message, never a C type.
public struct KafkaReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// librdkafka rejected a configuration property (its own error text is the message).
        case invalidConfiguration = "invalid_configuration"
        /// The client handle could not be created.
        case clientCreation = "client_creation"
        /// A request returned a Kafka error (the message starts with librdkafka's error name).
        case request
        /// No answer before the request's timeout.
        case timedOut = "timed_out"
    }

    public let code: Code
    public let message: String
    public let file: String
    public let line: Int

    init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { message }
}
