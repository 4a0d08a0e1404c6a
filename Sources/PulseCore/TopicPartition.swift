/// One partition of one topic: the key under which offsets, lag and history are kept.
public struct TopicPartition: Hashable, Comparable, Sendable, Codable {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Topic by name, then partitions in numeric order (so partition 10 follows 9, not 1).
    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        lhs.topic == rhs.topic ? lhs.partition < rhs.partition : lhs.topic < rhs.topic
    }
}
