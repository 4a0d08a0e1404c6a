/// What the range conditions (`max_over_time(...[window])`) need from earlier samples: when each
/// group was last seen in a status, and the broker counts of the longest window. Bounded: entries
/// older than the longest window any rule uses are dropped.
struct ConditionMemory: Hashable, Sendable {
    /// Last time each group had the status, per status watched over a window.
    private(set) var lastSeen: [ConsumerStatusKey: Double] = [:]
    /// Broker counts with their time, kept as a decreasing run (a newer, larger count makes every
    /// older smaller one irrelevant to the maximum), so the first entry is the window's maximum.
    private(set) var brokerCounts: [(time: Double, count: Int)] = []

    struct ConsumerStatusKey: Hashable, Sendable {
        var group: String
        var status: String
    }

    mutating func record(
        groups: [(id: String, status: String)], brokers: Int, at now: Double, keepFor window: Double, recordBrokers: Bool
    ) {
        for group in groups { lastSeen[ConsumerStatusKey(group: group.id, status: group.status)] = now }
        lastSeen = lastSeen.filter { now - $0.value <= window }
        if recordBrokers {
            while let last = brokerCounts.last, last.count <= brokers { brokerCounts.removeLast() }
            brokerCounts.append((now, brokers))
        }
        brokerCounts.removeAll { now - $0.time > window }
    }

    func seen(group: String, status: String, within window: Double, at now: Double) -> Bool {
        guard let time = lastSeen[ConsumerStatusKey(group: group, status: status)] else { return false }
        return now - time <= window
    }

    func groupsSeen(status: String, within window: Double, at now: Double) -> [String] {
        lastSeen.compactMap { key, time in key.status == status && now - time <= window ? key.group : nil }.sorted()
    }

    /// The most brokers seen within `window` (the current count included).
    func maxBrokers(within window: Double, at now: Double) -> Int? {
        brokerCounts.first { now - $0.time <= window }?.count
    }

    static func == (lhs: ConditionMemory, rhs: ConditionMemory) -> Bool {
        lhs.lastSeen == rhs.lastSeen && lhs.brokerCounts.elementsEqual(rhs.brokerCounts) { $0.time == $1.time && $0.count == $1.count }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(lastSeen)
        for entry in brokerCounts {
            hasher.combine(entry.time)
            hasher.combine(entry.count)
        }
    }
}
