import PulseCore
import Testing

@Suite("Access denials: which ACL a phase's error says is missing")
struct AccessDenialTests {
    @Test(
        "librdkafka's authorization errors map to the resource and operation to grant",
        arguments: [
            (SamplePhase.endOffsets, "1 partitions failed, first orders/0: TOPIC_AUTHORIZATION_FAILED", "Describe on Topic"),
            (.startOffsets, "TOPIC_AUTHORIZATION_FAILED: Broker: Topic authorization failed", "Describe on Topic"),
            (.topicConfigs, "2 topics failed, first audit: TOPIC_AUTHORIZATION_FAILED", "DescribeConfigs on Topic"),
            (.groupOffsets, "payments: GROUP_AUTHORIZATION_FAILED: Broker: Group authorization failed", "Describe on Group"),
            (.groupDescribe, "payments: GROUP_AUTHORIZATION_FAILED: Broker: Group authorization failed", "Describe on Group"),
            (.cluster, "CLUSTER_AUTHORIZATION_FAILED: Broker: Cluster authorization failed", "Describe on Cluster"),
            (.groupList, "CLUSTER_AUTHORIZATION_FAILED: Broker: Cluster authorization failed", "Describe on Cluster"),
        ])
    func mapsAuthorizationErrors(phase: SamplePhase, error: String, acl: String) {
        #expect(AccessDenial(phase: phase, error: error)?.acl == acl)
    }

    @Test(
        "other errors, and names that only look like the error, are no denial",
        arguments: [
            "COORDINATOR_NOT_AVAILABLE for analytics",
            "_TIMED_OUT: Failed while waiting for response from broker",
            "3 partitions without an offset (leader did not answer), first TOPIC_AUTHORIZATION_FAILED/0",
            "1 partitions failed, first TOPIC_AUTHORIZATION_FAILED/2: NOT_LEADER_FOR_PARTITION",
            "2 topics failed, first x: UNKNOWN_TOPIC_OR_PART",
        ])
    func ignoresOtherErrors(error: String) {
        #expect(AccessDenial(phase: .endOffsets, error: error) == nil)
    }

    @Test("a phase report exposes its denial; a report without error has none")
    func phaseReportDenial() {
        let denied = PhaseReport(phase: .topicConfigs, durationSeconds: 0.1, error: "1 topics failed, first a: TOPIC_AUTHORIZATION_FAILED")
        #expect(denied.denial == AccessDenial(resource: .topic, operation: "DescribeConfigs"))
        #expect(PhaseReport(phase: .topicConfigs, durationSeconds: 0.1).denial == nil)
    }

    @Test("the grant command names the operation and the resource type")
    func grantCommand() {
        #expect(
            AccessDenial(resource: .group, operation: "Describe").grantCommand
                == "kafka-acls.sh --bootstrap-server BROKER --add --allow-principal User:EXPORTER --operation Describe --group '*'")
        #expect(AccessDenial(resource: .cluster, operation: "Describe").grantCommand.hasSuffix("--operation Describe --cluster"))
        #expect(AccessDenial(resource: .topic, operation: "DescribeConfigs").grantCommand.hasSuffix("--operation DescribeConfigs --topic '*'"))
    }
}
