/// One setting the config file and the environment may hold: a long command-line name without `--`
/// (`sample.interval`) and how argument-parser takes it.
public struct ConfigKey: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `--name`; `invertible` when a `--no-name` exists, so that `false` can be said explicitly.
        case flag(invertible: Bool)
        /// `--name value`, once.
        case option
        /// `--name value`, any number of times.
        case repeatingOption
    }

    public let name: String
    public let kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// `KAFKA_PULSE_SASL_PASSWORD` for `sasl.password`: upper case, `.` and `-` become `_`.
    public var environmentName: String {
        "KAFKA_PULSE_" + String(name.uppercased().map { $0 == "." || $0 == "-" ? "_" : $0 })
    }
}
