/// Why a sample produced no data at all: the worker process that talks to Kafka failed.
public struct WorkerFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// The worker exited or was killed by a signal (a crash inside librdkafka lands here).
        case crashed
        /// The worker did not answer before the sample's deadline and was killed.
        case timedOut = "timed_out"
        /// The worker could not be started, or answered something that is not a sample.
        case protocolError = "protocol_error"
        /// No worker was asked: the restart after an earlier failure was still backing off. Counted
        /// apart from `crashed` so that a crash count means a crash.
        case restartBackoff = "restart_backoff"
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "worker \(kind.rawValue): \(detail)" }
}
