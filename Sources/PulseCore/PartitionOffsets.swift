/// Earliest, latest (log-end, the high watermark) and last stable offsets of one partition as
/// ListOffsets reported them.
///
/// librdkafka reports a partition whose leader did not answer in time with offset -1001 and no
/// error; any negative offset is therefore "unknown" and stored as nil, never as a number.
public struct PartitionOffsets: Hashable, Sendable, Codable {
    public var topicPartition: TopicPartition
    public var earliest: Int64?
    public var latest: Int64?
    /// The last stable offset (LSO): ListOffsets latest with the read_committed isolation level,
    /// the first offset of the oldest open transaction, or the high watermark when none is open.
    /// Read_committed consumers cannot read past it.
    public var stable: Int64?

    public init(topicPartition: TopicPartition, earliest: Int64?, latest: Int64?, stable: Int64? = nil) {
        self.topicPartition = topicPartition
        self.earliest = earliest
        self.latest = latest
        self.stable = stable
    }

    /// Where a read_committed consumer's reading ends now: the LSO, never past the high watermark
    /// (the two are read by separate requests, so a transaction ending between them can put the
    /// LSO ahead); the high watermark when the LSO is unknown.
    public var readableEnd: Int64? {
        guard let latest else { return nil }
        guard let stable else { return latest }
        return min(stable, latest)
    }

    /// Maps a raw broker offset to a known offset, or nil for librdkafka's sentinels (< 0).
    public static func known(_ raw: Int64) -> Int64? { raw >= 0 ? raw : nil }
}
