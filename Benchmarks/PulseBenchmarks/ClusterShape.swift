import PulseCore

/// The size of a synthetic cluster: brokers, topics and partitions, and groups that each commit
/// on every partition of a few topics.
///
/// The shapes are the targets (600 partitions and 40 groups; 10,000 partitions and 1,000
/// groups) plus a small one; they span the page sizes from about 1k to over 100k series.
struct ClusterShape: Sendable {
    let label: String
    let brokers: Int
    let topics: Int
    let partitionsPerTopic: Int
    let groups: Int
    /// Topics each group reads; every partition of them carries a committed offset.
    let topicsPerGroup: Int

    var partitions: Int { topics * partitionsPerTopic }
    var committedPartitions: Int { groups * topicsPerGroup * partitionsPerTopic }

    /// About 1k series.
    static let small = ClusterShape(label: "80p-4g", brokers: 3, topics: 10, partitionsPerTopic: 8, groups: 4, topicsPerGroup: 2)
    /// The first target (about 10k series): the integration test's 100 topics x 6 partitions and 40
    /// groups with 1,200 committed partitions.
    static let medium = ClusterShape(
        label: "600p-40g", brokers: 3, topics: 100, partitionsPerTopic: 6, groups: 40, topicsPerGroup: 5)
    /// The second target (over 100k series): 1,000 topics x 10 partitions, 1,000 groups each
    /// reading one topic.
    static let large = ClusterShape(
        label: "10kp-1000g", brokers: 6, topics: 1000, partitionsPerTopic: 10, groups: 1000, topicsPerGroup: 1)

    static let all = [small, medium, large]
}

extension ClusterShape {
    /// Names like real ones: dots, dashes and underscores, zero-padded so that they sort numerically.
    func topicName(_ index: Int) -> String { "shop.orders-\(padded(index))_events" }

    func groupID(_ index: Int) -> String { "service-\(padded(index)).consumer" }

    /// The topics group `index` reads: consecutive, wrapping around, so every topic is read by
    /// about the same number of groups.
    func topics(ofGroup index: Int) -> [Int] {
        (0..<topicsPerGroup).map { (index * topicsPerGroup + $0) % topics }
    }

    private func padded(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
