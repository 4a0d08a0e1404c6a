/// The event ids a service handled most recently, so a replayed event is recognised and skipped:
/// the shop's services are idempotent consumers. Bounded, since the demo runs for as long as the
/// user likes; the oldest id is forgotten first.
struct RecentEventIDs: Sendable {
    private var seen: Set<String> = []
    private var order: [String] = []
    private var oldest = 0
    let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = max(1, capacity)
    }

    /// Remembers `id`; false when it was already remembered (a duplicate).
    mutating func insert(_ id: String) -> Bool {
        guard seen.insert(id).inserted else { return false }
        if order.count < capacity {
            order.append(id)
        } else {
            seen.remove(order[oldest])
            order[oldest] = id
            oldest = (oldest + 1) % capacity
        }
        return true
    }
}
