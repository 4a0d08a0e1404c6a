extension ClusterMetadata {
    /// The metadata cut down to the partitions these groups hold a commit on: all that a replica
    /// without the cluster-wide families needs end offsets, configs and history for. Lag is
    /// defined only where a commit exists, so no lag series is lost, and the partitions counted
    /// as "offset unknown" stay this replica's own.
    public func consumed(by groupOffsets: [GroupOffsets]) -> ClusterMetadata {
        var consumed = Set<TopicPartition>()
        for offsets in groupOffsets {
            for (partition, committed) in offsets.committed where committed >= 0 { consumed.insert(partition) }
        }
        var narrowed = self
        narrowed.topics = topics.compactMap { topic in
            var topic = topic
            topic.partitions = topic.partitions.filter { consumed.contains(TopicPartition(topic: topic.name, partition: $0.partition)) }
            return topic.partitions.isEmpty ? nil : topic
        }
        return narrowed
    }
}
