import ArgumentParser
import Foundation
import PulseCore

/// Static sharding over several replicas, in kube-state-metrics' manner: every replica gets the
/// same `--shard.total` and its own `--shard.index`, or reads it from its StatefulSet pod name.
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

    func validate() throws {
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
}
