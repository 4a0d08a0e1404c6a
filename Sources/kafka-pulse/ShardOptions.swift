import ArgumentParser
import Foundation
import PulseCore

/// Sharding over several replicas. Static, in kube-state-metrics' manner: every replica gets the
/// same `--shard.total` and its own `--shard.index`, or reads it from its StatefulSet pod name.
/// Dynamic: every replica gets the same `--shard.group` and Kafka's group coordinator hands out
/// the shards.
struct ShardOptions: ParsableArguments {
    @Option(
        name: .customLong("shard.total"),
        help: "Replicas sharing the consumer groups (1 to 50); each exports the groups whose __consumer_offsets partition modulo the total is its index.")
    var total: Int?

    @Option(name: .customLong("shard.index"), help: "This replica's shard, 0 to --shard.total - 1; shard 0 also exports brokers, topics and partitions.")
    var index: Int?

    @Flag(
        name: .customLong("shard.index-from-hostname"),
        help: "Take --shard.index from the hostname's trailing ordinal, as a StatefulSet pod's (kafka-pulse-2 is index 2).")
    var indexFromHostname = false

    @Option(
        name: .customLong("shard.group"),
        help:
            "Join this Kafka consumer group and export the groups of the __consumer_offsets partitions Kafka assigns this replica; the owner of partition 0 also exports brokers, topics and partitions.")
    var group: String?

    @Option(
        name: .customLong("shard.session-timeout"),
        help: "How long Kafka waits for a --shard.group replica that stopped answering before its shards move (6s to 30m; default 10s).")
    var sessionTimeout: DurationFlag?

    func validate() throws {
        // Group first: with --shard.group, a static flag is the mistake to name, not its own needs.
        _ = try shardGroup()
        _ = try assignment()
    }

    func assignment() throws -> ShardAssignment {
        do {
            return try ShardAssignment(total: total, index: index, indexFromHostname: indexFromHostname) {
                ProcessInfo.processInfo.hostName
            }
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// `--shard.group`, or nil for static sharding or none.
    func shardGroup() throws -> ShardGroup? {
        guard let group else {
            if let sessionTimeout { throw ValidationError("--shard.session-timeout \(sessionTimeout): needs --shard.group") }
            return nil
        }
        let staticFlag = total.map { "--shard.total \($0)" } ?? index.map { "--shard.index \($0)" } ?? (indexFromHostname ? "--shard.index-from-hostname" : nil)
        if let staticFlag {
            throw ValidationError("--shard.group \(group) and \(staticFlag): give either Kafka-assigned shards or static ones, not both")
        }
        guard !group.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--shard.group: needs a consumer group name") }
        try sessionTimeout?.check(
            "shard.session-timeout", within: ShardGroup.minimumSessionTimeout...Duration.seconds(1800), "between 6s (Kafka's minimum) and 30m")
        return ShardGroup(name: group, sessionTimeout: sessionTimeout?.duration ?? .seconds(10))
    }
}
