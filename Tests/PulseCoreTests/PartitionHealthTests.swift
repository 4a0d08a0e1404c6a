import PulseCore
import Testing

@Suite("Partition health")
struct PartitionHealthTests {
    func partition(leader: Int32?, replicas: [Int32] = [1, 2, 3], isr: [Int32]) -> PartitionReport {
        PartitionReport(partition: 0, leader: leader, replicas: replicas, inSyncReplicas: isr, earliest: 0, latest: 0)
    }

    @Test("a partition without a leader is offline and its leader is not preferred")
    func offline() {
        let report = partition(leader: nil, isr: [])
        #expect(report.isOffline)
        #expect(!report.leaderIsPreferred)
        #expect(report.isUnderReplicated)
    }

    @Test("the leader is preferred only when it is the first replica")
    func preferredLeader() {
        #expect(partition(leader: 1, isr: [1, 2, 3]).leaderIsPreferred)
        #expect(!partition(leader: 2, isr: [1, 2, 3]).leaderIsPreferred)
    }

    @Test("fewer in-sync replicas than replicas is under-replicated")
    func underReplicated() {
        #expect(partition(leader: 1, isr: [1, 2]).isUnderReplicated)
        #expect(!partition(leader: 1, isr: [3, 2, 1]).isUnderReplicated)
    }

    @Test("under min.insync.replicas only when the config is known and the ISR is smaller")
    func underMinInsync() {
        let shrunk = partition(leader: 1, isr: [1])
        #expect(shrunk.isUnderMinInsyncReplicas(nil) == nil)
        #expect(shrunk.isUnderMinInsyncReplicas(TopicConfig()) == nil)
        #expect(shrunk.isUnderMinInsyncReplicas(TopicConfig(minInsyncReplicas: 2)) == true)
        #expect(shrunk.isUnderMinInsyncReplicas(TopicConfig(minInsyncReplicas: 1)) == false)
    }

    @Test("topic counts add up over partitions; under-min-ISR is unknown without a config")
    func topicCounts() {
        let partitions = [
            partition(leader: nil, isr: []), partition(leader: 2, isr: [2]), partition(leader: 1, isr: [1, 2, 3]),
        ]
        let unknownConfig = TopicReport(name: "orders", partitions: partitions)
        #expect(unknownConfig.offlinePartitions == 1)
        #expect(unknownConfig.underReplicatedPartitions == 2)
        #expect(unknownConfig.underMinInsyncPartitions == nil)
        #expect(unknownConfig.replicationFactor == 3)
        let known = TopicReport(name: "orders", partitions: partitions, config: TopicConfig(minInsyncReplicas: 2))
        #expect(known.underMinInsyncPartitions == 2)
    }

    @Test("broker load counts leaderships and hosted replicas")
    func brokerLoad() {
        let topic = TopicReport(
            name: "orders", partitions: [partition(leader: 1, isr: [1, 2, 3]), partition(leader: 1, isr: [1]), partition(leader: nil, isr: [])])
        let snapshot = ClusterSnapshot(
            build: BuildInfo(version: "t", librdkafkaVersion: "t"), clusterID: nil, controllerID: nil, brokers: [], topics: [topic],
            groups: [], health: .initial)
        #expect(snapshot.brokerLoad[1] == BrokerLoad(leaderPartitions: 2, replicaPartitions: 3))
        #expect(snapshot.brokerLoad[2] == BrokerLoad(leaderPartitions: 0, replicaPartitions: 3))
    }
}

@Suite("Topic config from DescribeConfigs entries")
struct TopicConfigTests {
    @Test("values are parsed; -1 (unlimited) and garbage become nil")
    func parsesEntries() {
        let config = TopicConfig(entries: [
            "retention.ms": "604800000", "retention.bytes": "-1", "cleanup.policy": "compact,delete", "min.insync.replicas": "2",
        ])
        #expect(config == TopicConfig(retentionMilliseconds: 604_800_000, retentionBytes: nil, cleanupPolicy: "compact,delete", minInsyncReplicas: 2))
        #expect(TopicConfig(entries: ["retention.ms": "soon", "min.insync.replicas": "x"]) == TopicConfig())
    }
}

@Suite("Name filters")
struct NameFilterTests {
    @Test("include matches anywhere in the name, exclude wins")
    func includeExclude() throws {
        let filter = try NameFilter(include: #"^orders\."#, exclude: "test", flags: ("--topic.filter", "--topic.exclude"))
        #expect(filter.allows("orders.events"))
        #expect(!filter.allows("payments.events"))
        #expect(!filter.allows("orders.test-events"))
        let anywhere = try NameFilter(include: "events", exclude: nil, flags: ("--topic.filter", "--topic.exclude"))
        #expect(anywhere.allows("orders.events.v2"))
    }

    @Test("no patterns allow everything, including odd names")
    func noPatterns() throws {
        let filter = try NameFilter(include: nil, exclude: "", flags: ("--group.filter", "--group.exclude"))
        #expect(filter.allows("billing \"quoted\" \\ 🚀"))
    }

    @Test("an invalid pattern names its flag")
    func invalidPattern() {
        #expect(throws: NameFilter.InvalidPattern.self) {
            try NameFilter(include: "(", exclude: nil, flags: ("--topic.filter", "--topic.exclude"))
        }
        do {
            _ = try SampleScope(groupExclude: "[").groupFilter()
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("--group.exclude ["))
        }
    }

    @Test("internal topics are out of scope only when asked")
    func internalTopics() throws {
        let offsets = TopicMetadata(name: "__consumer_offsets", partitions: [])
        let filter = try SampleScope().topicFilter()
        #expect(SampleScope().allowsTopic(offsets, filter: filter))
        #expect(!SampleScope(excludeInternalTopics: true).allowsTopic(offsets, filter: filter))
    }
}
