/// Why the demo shop cannot be set up on the cluster it was given.
public struct DemoSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
