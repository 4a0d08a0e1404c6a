import ArgumentParser
import PulseCore

/// When an open transaction (a last stable offset held below the high watermark) counts as hanging.
struct TransactionOptions: ParsableArguments {
    @Option(
        name: .customLong("transaction.hanging-after"),
        help:
            "An open transaction older than this counts as hanging (kafka_topic_hanging_transaction_partitions); the default is five times the producers' default transaction.timeout.ms (60s), well under the brokers' transaction.max.timeout.ms (15m).")
    var hangingAfter = DurationFlag(argument: "5m")!

    func validate() throws {
        try hangingAfter.check("transaction.hanging-after", within: .seconds(1) ... .seconds(604_800), "between 1s and 168h")
    }

    var rules: TransactionRules { TransactionRules(hangingAfterSeconds: hangingAfter.duration.inSeconds) }
}
