/// A Kafka ACL the exporter's principal lacks, recognised from the error a phase reported.
///
/// Kafka answers a request the principal may not make with TOPIC_AUTHORIZATION_FAILED (29),
/// GROUP_AUTHORIZATION_FAILED (30) or CLUSTER_AUTHORIZATION_FAILED (31). Phase errors cross the
/// worker's pipe as text that carries librdkafka's error name (`NAME: message`, or `…: NAME` in a
/// partial phase's summary), so the rule works on that text.
public struct AccessDenial: Hashable, Sendable {
    public enum Resource: String, Hashable, Sendable, CaseIterable {
        case topic = "Topic"
        case group = "Group"
        case cluster = "Cluster"

        /// librdkafka's name of the error Kafka sends when this resource's ACL is missing.
        var errorName: String {
            switch self {
            case .topic: "TOPIC_AUTHORIZATION_FAILED"
            case .group: "GROUP_AUTHORIZATION_FAILED"
            case .cluster: "CLUSTER_AUTHORIZATION_FAILED"
            }
        }
    }

    public var resource: Resource
    /// The ACL operation to allow: `Describe`, or `DescribeConfigs` for topic configs.
    public var operation: String

    public init(resource: Resource, operation: String) {
        self.resource = resource
        self.operation = operation
    }

    /// The denial an error of `phase` shows, or nil when the error is not an authorization failure.
    public init?(phase: SamplePhase, error: String) {
        guard let resource = Resource.allCases.first(where: { Self.names(error, $0.errorName) }) else { return nil }
        self.resource = resource
        operation = resource == .topic && phase == .topicConfigs ? "DescribeConfigs" : "Describe"
    }

    /// "Describe on Topic", as Kafka's documentation names ACLs.
    public var acl: String { "\(operation) on \(resource.rawValue)" }

    /// The kafka-acls.sh command that grants it, for every resource of the type; placeholders in caps.
    public var grantCommand: String {
        let target =
            switch resource {
            case .topic: "--topic '*'"
            case .group: "--group '*'"
            case .cluster: "--cluster"
            }
        return "kafka-acls.sh --bootstrap-server BROKER --add --allow-principal User:EXPORTER --operation \(operation) \(target)"
    }

    /// Whether `text` carries the error name where librdkafka's messages put it: at the start or
    /// after ": ", and followed by ":" or the end. A topic or group that happens to be called like
    /// the error sits elsewhere (after "first ", before "/") and is not taken for it.
    private static func names(_ text: String, _ name: String) -> Bool {
        text.ranges(of: name).contains { range in
            let before = text[..<range.lowerBound]
            let after = text[range.upperBound...]
            return (before.isEmpty || before.hasSuffix(": ")) && (after.isEmpty || after.hasPrefix(":"))
        }
    }
}

extension PhaseReport {
    /// The ACL this phase lacked, when its failure was an authorization failure.
    public var denial: AccessDenial? { error.flatMap { AccessDenial(phase: phase, error: $0) } }
}
