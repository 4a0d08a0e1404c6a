import Testing

@testable import PulseCore

/// Static sharding: a group's shard is Kafka's own placement of it, `abs(hashCode) % 50`.
@Suite("Shard assignment")
struct ShardAssignmentTests {
    /// Values of Java's `"…".hashCode()` (computed with a UTF-16 emulation of it).
    @Test(
        "the hash is Java's String.hashCode over UTF-16 code units",
        arguments: [
            ("orders", Int32(-1_008_770_331)), ("", 0), ("a", 97), ("payments-service", 332_086_293), ("billing", -109_829_509),
            ("grüße", 98_768_023), ("😀", 1_772_899), ("polygenelubricants", Int32.min),
        ])
    func javaHashCode(name: String, expected: Int32) {
        #expect(ShardAssignment.javaStringHashCode(name) == expected)
    }

    @Test(
        "a group's shard is its __consumer_offsets partition on a default cluster",
        arguments: [("orders", 31), ("", 0), ("a", 47), ("payments-service", 43), ("billing", 9), ("grüße", 23), ("😀", 49)])
    func offsetsPartition(name: String, expected: Int) {
        #expect(ShardAssignment.offsetsPartition(of: name) == expected)
    }

    @Test("a hash of Int32.min is partition 0, as Kafka's Utils.abs maps it, not a negative one")
    func minimumHash() {
        #expect(ShardAssignment.javaStringHashCode("polygenelubricants") == Int32.min)
        #expect(ShardAssignment.offsetsPartition(of: "polygenelubricants") == 0)
    }

    @Test("every group belongs to exactly one of N replicas, for every N")
    func exactlyOneOwner() throws {
        let groups = (0..<500).map { "group-\($0)" } + ["polygenelubricants", "", "😀"]
        for total in 1...ShardAssignment.offsetsPartitionCount {
            let replicas = try (0..<total).map { try ShardAssignment(total: total, index: $0) }
            for group in groups {
                #expect(replicas.count { $0.owns(group: group) } == 1, "\(group) with --shard.total \(total)")
            }
        }
    }

    @Test("replica I owns the offsets partitions p with p % N == I, together all 50 once")
    func ownedPartitions() throws {
        let replicas = try (0..<3).map { try ShardAssignment(total: 3, index: $0) }
        #expect(replicas.map(\.ownedOffsetsPartitions.count) == [17, 17, 16])
        #expect(replicas[1].ownedOffsetsPartitions.prefix(3) == [1, 4, 7])
        #expect(replicas.flatMap(\.ownedOffsetsPartitions).sorted() == Array(0..<50))
        // "orders" sits in partition 31, 31 % 3 == 1.
        #expect(replicas.map { $0.owns(group: "orders") } == [false, true, false])
    }

    @Test("only index 0 exports the cluster-wide families; unsharded is one replica owning everything")
    func clusterWide() throws {
        #expect(ShardAssignment.whole.exportsClusterWide)
        #expect(!ShardAssignment.whole.isSharded)
        #expect(ShardAssignment.whole.ownedOffsetsPartitions.count == 50)
        #expect(try ShardAssignment(total: 3, index: 0).exportsClusterWide)
        #expect(try !ShardAssignment(total: 3, index: 2).exportsClusterWide)
    }

    @Test("the scope leaves out other replicas' groups before any group request, with the name filters")
    func scopeFilters() throws {
        let scope = SampleScope(groupExclude: "^billing$", shard: try ShardAssignment(total: 3, index: 1))
        let filter = try scope.groupFilter()
        #expect(scope.allowsGroup("orders", filter: filter))
        #expect(!scope.allowsGroup("a", filter: filter))  // partition 47, replica 2
        let unsharded = SampleScope(groupExclude: "^billing$")
        #expect(unsharded.allowsGroup("a", filter: try unsharded.groupFilter()))
        #expect(!unsharded.allowsGroup("billing", filter: try unsharded.groupFilter()))
    }

    @Test("a StatefulSet pod's trailing ordinal is its index", arguments: [
            ("kafka-pulse-2", 2), ("a-b-0", 0), ("x-10", 10), ("kafka-pulse-1.kafka-pulse.monitoring.svc.cluster.local", 1),
        ])
    func ordinal(hostname: String, expected: Int) {
        #expect(ShardAssignment.ordinal(fromHostname: hostname) == expected)
    }

    @Test("a hostname without a trailing -<digits> has no ordinal", arguments: ["kafka-pulse", "pulse2", "pulse-", "pulse-2a", "pulse-٣", "", "pulse.ns-2", "pulse-99999999999"])
    func noOrdinal(hostname: String) {
        #expect(ShardAssignment.ordinal(fromHostname: hostname) == nil)
    }

    @Test("the flags: none is the whole cluster; the index from the hostname; bad combinations are one line")
    func flags() throws {
        let pod = { "kafka-pulse-1" }
        #expect(try ShardAssignment(total: nil, index: nil, indexFromHostname: false, hostname: pod) == .whole)
        #expect(try ShardAssignment(total: 3, index: nil, indexFromHostname: true, hostname: pod) == ShardAssignment(total: 3, index: 1))
        #expect(try ShardAssignment(total: 3, index: 2, indexFromHostname: false, hostname: pod) == ShardAssignment(total: 3, index: 2))
        let refused: [(Int?, Int?, Bool, String, String)] = [
            (3, nil, true, "kafka-pulse", "does not end in -<ordinal>"),
            (3, nil, true, "kafka-pulse-3", "gives index 3"),
            (nil, 1, false, "x-1", "--shard.index 1: needs --shard.total"),
            (nil, nil, true, "x-1", "needs --shard.total"),
            (3, 1, true, "x-1", "not both"),
            (3, nil, false, "x-1", "needs --shard.index"),
            (0, 0, false, "x-1", "--shard.total 0"),
            (3, 3, false, "x-1", "--shard.index 3"),
            (3, -1, false, "x-1", "--shard.index -1"),
        ]
        for (total, index, fromHostname, hostname, mentions) in refused {
            let error = #expect(throws: ShardError.self) {
                try ShardAssignment(total: total, index: index, indexFromHostname: fromHostname) { hostname }
            }
            #expect(error?.description.contains(mentions) == true, "\(error?.description ?? "")")
            #expect(error?.description.contains("\n") == false)
        }
    }

    @Test("the metadata is cut to the partitions the groups committed on")
    func consumedMetadata() {
        let metadata = ClusterMetadata(
            clusterID: nil, controllerID: nil, brokers: [],
            topics: [
                TopicMetadata(name: "a", partitions: [0, 1, 2].map { PartitionMetadata(partition: $0, leader: 1, replicas: [1], inSyncReplicas: [1]) }),
                TopicMetadata(name: "b", partitions: [PartitionMetadata(partition: 0, leader: 1, replicas: [1], inSyncReplicas: [1])]),
            ])
        let offsets = [
            GroupOffsets(group: "g", committed: [TopicPartition(topic: "a", partition: 2): 5, TopicPartition(topic: "b", partition: 0): -1])
        ]
        let consumed = metadata.consumed(by: offsets)
        #expect(consumed.topics.map(\.name) == ["a"])
        #expect(consumed.topics.first?.partitions.map(\.partition) == [2])
    }
}
