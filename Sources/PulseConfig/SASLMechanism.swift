/// A SASL mechanism kafka-pulse can authenticate with, under any of the spellings operators bring
/// from kafka_exporter (`scram-sha512`) or librdkafka (`SCRAM-SHA-512`).
public enum SASLMechanism: String, CaseIterable, Hashable, Sendable {
    case plain
    case scramSHA256 = "scram-sha256"
    case scramSHA512 = "scram-sha512"
    case oauthBearer = "oauthbearer"

    /// Case-insensitive; `-` and `_` are ignored, so `SCRAM-SHA-256`, `scram-sha256` and
    /// `scram_sha_256` are one mechanism.
    public init?(spelling: String) {
        let folded = spelling.lowercased().filter { $0 != "-" && $0 != "_" }
        guard let mechanism = Self.allCases.first(where: { $0.rawValue.filter { $0 != "-" } == folded }) else { return nil }
        self = mechanism
    }

    /// The value of librdkafka's `sasl.mechanism`.
    public var librdkafkaName: String {
        switch self {
        case .plain: "PLAIN"
        case .scramSHA256: "SCRAM-SHA-256"
        case .scramSHA512: "SCRAM-SHA-512"
        case .oauthBearer: "OAUTHBEARER"
        }
    }
}
