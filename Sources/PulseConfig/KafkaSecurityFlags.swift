/// The security flags as given (command line, environment or config file), before any checking.
/// `KafkaSecuritySettings(flags)` validates them; every field is named after its flag.
public struct KafkaSecurityFlags: Hashable, Sendable {
    public var saslEnabled = false
    public var saslMechanism: String?
    public var saslUsername: String?
    public var saslPassword: String?
    public var saslPasswordFile: String?
    public var oauthTokenEndpoint: String?
    public var oauthClientID: String?
    public var oauthClientSecret: String?
    public var oauthClientSecretFile: String?
    public var oauthScope: String?
    public var tlsEnabled = false
    public var tlsCAFile: String?
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    public var tlsKeyPassword: String?
    public var tlsKeyPasswordFile: String?
    public var tlsInsecureSkipVerify = false
    /// `--kafka.property key=value`, in the order given.
    public var kafkaProperties: [String] = []

    public init() {}
}
