import ArgumentParser
import PulseCore


/// Which topics and groups to sample and which series to export: kafka_exporter's flag names where
/// it has them, so switching keeps the same command line.
struct ScopeOptions: ParsableArguments {
    @Option(name: .customLong("topic.filter"), help: "Regex: only topics whose name it matches (anywhere in the name).")
    var topicFilter: String?

    @Option(name: .customLong("topic.exclude"), help: "Regex: leave out topics whose name it matches.")
    var topicExclude: String?

    @Flag(name: .customLong("topic.exclude-internal"), help: "Leave out Kafka's internal topics (__consumer_offsets, __transaction_state, …).")
    var excludeInternalTopics = false

    @Option(name: .customLong("group.filter"), help: "Regex: only consumer groups whose id it matches.")
    var groupFilter: String?

    @Option(name: .customLong("group.exclude"), help: "Regex: leave out consumer groups whose id it matches.")
    var groupExclude: String?

    @Option(
        name: .customLong("group.exclude-state"),
        help: "Leave out groups in this state (repeatable or comma-separated): stable, empty, preparing_rebalance, completing_rebalance, dead, unknown.")
    var excludedStates: [String] = []

    @Option(
        name: .customLong("group.list"),
        help: "Sample exactly these groups (repeatable or comma-separated) instead of listing them; for clusters whose ACLs forbid listing groups.")
    var groupList: [String] = []

    @Flag(
        name: .customLong("group.partition-series"), inversion: .prefixedNo,
        help: "Export per-partition group offsets and lag; --no-group.partition-series keeps only the per-topic sums.")
    var groupPartitionSeries = true

    @Flag(name: .customLong("topic.partition-rates"), help: "Also export produce rates per partition.")
    var partitionProduceRates = false

    @Option(name: .customLong("rate.window"), help: "Window over which produce and consume rates are averaged.")
    var rateWindow = DurationFlag(argument: "1m")!

    @Option(name: .customLong("topic.config-interval"), help: "How often to re-read topic configs (DescribeConfigs).")
    var topicConfigInterval = DurationFlag(argument: "5m")!

    func validate() throws {
        let scope = try scope()
        // Compiled here only to refuse a bad pattern before start: the worker compiles its own.
        do {
            _ = try scope.topicFilter()
            _ = try scope.groupFilter()
        } catch {
            throw ValidationError(error.description)
        }
        try rateWindow.check("rate.window", within: .seconds(1) ... .seconds(86_400), "between 1s and 24h")
        try topicConfigInterval.check("topic.config-interval", within: .seconds(1) ... .seconds(604_800), "between 1s and 168h")
        guard groupList.isEmpty || !explicitGroups.isEmpty else {
            throw ValidationError("--group.list: no group name given (leave the flag out to list groups)")
        }
    }

    /// The scope, with every state checked (patterns are checked by `validate()`); the first
    /// problem is a one-line error.
    func scope() throws -> SampleScope {
        var states = Set<GroupState>()
        for name in excludedStates.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingSpaces().lowercased() }) {
            guard let state = GroupState(rawValue: name) else {
                throw ValidationError(
                    "--group.exclude-state \(name): expected one of \(GroupState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            states.insert(state)
        }
        let scope = SampleScope(
            topicInclude: topicFilter, topicExclude: topicExclude, groupInclude: groupFilter, groupExclude: groupExclude,
            excludedGroupStates: states, excludeInternalTopics: excludeInternalTopics)
        return scope
    }

    var explicitGroups: [String] {
        groupList.flatMap { $0.split(separator: ",") }.map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
    }

    func exportOptions(shard: ShardAssignment = .whole) -> ExportOptions {
        ExportOptions(groupPartitionSeries: groupPartitionSeries, partitionProduceRates: partitionProduceRates, shard: shard)
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var trimmed = self
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        return trimmed
    }
}
