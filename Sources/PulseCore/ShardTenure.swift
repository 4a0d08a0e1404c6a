/// When this replica gained each shard it owns, from consecutive samples' assignments. In group
/// mode shards move between replicas: a shard gained a moment ago has no offset history here yet,
/// so its rates, lag in seconds and status windows need a few samples before they mean anything.
public struct ShardTenure: Hashable, Sendable {
    /// Unix seconds at which each owned offsets partition was first seen owned; a shard lost and
    /// regained starts again.
    public private(set) var acquiredAt: [Int: Double] = [:]

    public init() {}

    public mutating func update(owned: [Int], at now: Double) {
        var next: [Int: Double] = [:]
        for shard in owned { next[shard] = acquiredAt[shard] ?? now }
        acquiredAt = next
    }
}
