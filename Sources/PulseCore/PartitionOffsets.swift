/// Earliest and latest (log-end) offsets of one partition as ListOffsets reported them.
///
/// librdkafka reports a partition whose leader did not answer in time with offset -1001 and no
/// error; any negative offset is therefore "unknown" and stored as nil, never as a number.
public struct PartitionOffsets: Hashable, Sendable, Codable {
    public var topicPartition: TopicPartition
    public var earliest: Int64?
    public var latest: Int64?

    public init(topicPartition: TopicPartition, earliest: Int64?, latest: Int64?) {
        self.topicPartition = topicPartition
        self.earliest = earliest
        self.latest = latest
    }

    /// Maps a raw broker offset to a known offset, or nil for librdkafka's sentinels (< 0).
    public static func known(_ raw: Int64) -> Int64? { raw >= 0 ? raw : nil }
}
