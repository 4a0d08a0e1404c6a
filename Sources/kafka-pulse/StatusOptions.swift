import ArgumentParser
import PulseCore

/// Parameters of the consumer status rules (Burrow's sliding window) and their per-partition series.
struct StatusOptions: ParsableArguments {
    @Option(
        name: .customLong("status.window"),
        help: "Observations (samples) per partition the consumer status rules look at; fewer is too little history (ok).")
    var window = 10

    @Option(name: .customLong("status.allowed-lag"), help: "Lag in messages still counted as caught up by the status rules.")
    var allowedLag: Int64 = 0

    @Flag(
        name: .customLong("group.partition-status"),
        help: "Also export the consumer status per partition (six series per group and partition).")
    var partitionStatus = false

    func validate() throws {
        guard (2...1_000).contains(window) else { throw ValidationError("--status.window \(window): must be between 2 and 1000") }
        guard allowedLag >= 0 else { throw ValidationError("--status.allowed-lag \(allowedLag): must be 0 or more") }
    }

    var rules: StatusRules { StatusRules(window: window, allowedLag: allowedLag) }

    /// `base` with the per-partition status switch set from the flag.
    func export(_ base: ExportOptions) -> ExportOptions {
        var options = base
        options.partitionStatusSeries = partitionStatus
        return options
    }
}
