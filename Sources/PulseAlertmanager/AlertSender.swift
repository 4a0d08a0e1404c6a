public import Foundation

/// Delivers one JSON batch to one Alertmanager; throws when it was not accepted. The seam between
/// the notifier's retry logic and HTTP, so the former is tested without a network.
public protocol AlertSender: Sendable {
    func send(_ body: Data, to target: AlertmanagerTarget) async throws
    func shutdown() async
}

/// Alertmanager did not accept a notification.
public struct AlertmanagerError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        case rejected
        case unreachable
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
