/// Names of the Kafka protocol APIs a sample can send, for the per-API request counts.
enum KafkaAPIName {
    static func name(forKey key: Int16) -> String {
        switch key {
        case 0: "Produce"
        case 1: "Fetch"
        case 2: "ListOffsets"
        case 3: "Metadata"
        case 8: "OffsetCommit"
        case 9: "OffsetFetch"
        case 10: "FindCoordinator"
        case 11: "JoinGroup"
        case 12: "Heartbeat"
        case 13: "LeaveGroup"
        case 14: "SyncGroup"
        case 15: "DescribeGroups"
        case 16: "ListGroups"
        case 17: "SaslHandshake"
        case 18: "ApiVersions"
        case 19: "CreateTopics"
        case 22: "InitProducerId"
        case 29: "DescribeAcls"
        case 32: "DescribeConfigs"
        case 36: "SaslAuthenticate"
        case 60: "DescribeCluster"
        case 61: "DescribeProducers"
        case 65: "DescribeTransactions"
        case 66: "ListTransactions"
        case 68: "ConsumerGroupHeartbeat"
        case 69: "ConsumerGroupDescribe"
        case 71: "GetTelemetrySubscriptions"
        case 75: "DescribeTopicPartitions"
        default: "Api\(key)"
        }
    }
}
