/// When an open transaction counts as hanging.
///
/// A producer's transaction lasts at most its `transaction.timeout.ms` (60 s by default in the Java
/// client and librdkafka) before the coordinator aborts it; brokers cap that timeout at
/// `transaction.max.timeout.ms` (15 min by default). Five minutes is five default timeouts: no
/// transaction of a producer with default settings lives that long, yet it leaves two thirds of the
/// broker's cap to act before Kafka aborts a legitimately long one, and it catches transactions the
/// coordinator lost track of (KIP-890), which Kafka never aborts on its own.
public struct TransactionRules: Hashable, Sendable {
    public static let defaultHangingAfterSeconds: Double = 300

    /// An LSO held below the high watermark for at least this long counts as a hanging transaction.
    public var hangingAfterSeconds: Double

    public init(hangingAfterSeconds: Double = Self.defaultHangingAfterSeconds) {
        self.hangingAfterSeconds = max(0, hangingAfterSeconds)
    }

    public func isHanging(openSeconds: Double) -> Bool { openSeconds >= hangingAfterSeconds && openSeconds > 0 }
}
