// pulse-mock-cluster: a test tool that runs librdkafka's mock cluster and lets a test script
// change it over stdin. Used by test-suites/integration/test_partition_edge_cases_mock.py.
//
//   pulse-mock-cluster [BROKERS]        (default 3)
//
// Prints `BOOTSTRAP <servers>` on stdout once the cluster is up, then reads one command per line:
//
//   topic NAME PARTITIONS RF            create a topic
//   leader TOPIC PARTITION BROKER       move a partition's leader
//   coordinator GROUP BROKER            make a broker the group's coordinator
//   down BROKER                         stop a broker's listener (it stays in metadata)
//   up BROKER                           start it again
//   errors APIKEY CODE COUNT            answer the next COUNT requests of APIKEY with Kafka error CODE
//
// and answers each line with `ok` or `error <text>`. End of stdin ends the process.
import Foundation
import Glibc
import Logging
import PulseKafka

/// Answers on stdout, unbuffered (FileHandle writes straight to the descriptor): the test waits for
/// each line before sending the next. A reader that is gone ends the tool.
func reply(_ line: String) {
    do {
        try FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
    } catch {
        exit(0)
    }
}

/// A positive or zero integer argument, or nil.
func number(_ text: Substring) -> Int? {
    Int(text).flatMap { $0 >= 0 ? $0 : nil }
}

/// Runs one command line against the cluster; returns the answer line.
func execute(_ line: String, on cluster: MockCluster) -> String {
    let words = line.split(separator: " ", omittingEmptySubsequences: true)
    guard let verb = words.first else { return "error empty command" }
    let arguments = words.dropFirst()
    do {
        switch (verb, arguments.count) {
        case ("topic", 3):
            let a = Array(arguments)
            guard let partitions = number(a[1]), let replicationFactor = number(a[2]) else {
                return "error usage: topic NAME PARTITIONS RF"
            }
            try cluster.createTopic(String(a[0]), partitions: partitions, replicationFactor: replicationFactor)
        case ("leader", 3):
            let a = Array(arguments)
            guard let partition = number(a[1]), let broker = number(a[2]) else {
                return "error usage: leader TOPIC PARTITION BROKER"
            }
            try cluster.setPartitionLeader(topic: String(a[0]), partition: partition, broker: broker)
        case ("coordinator", 2):
            let a = Array(arguments)
            guard let broker = number(a[1]) else { return "error usage: coordinator GROUP BROKER" }
            try cluster.setGroupCoordinator(String(a[0]), broker: broker)
        case ("down", 1):
            guard let broker = number(arguments[arguments.startIndex]) else { return "error usage: down BROKER" }
            try cluster.setBrokerDown(broker)
        case ("up", 1):
            guard let broker = number(arguments[arguments.startIndex]) else { return "error usage: up BROKER" }
            try cluster.setBrokerUp(broker)
        case ("rtt", 2):
            let a = Array(arguments)
            guard let broker = number(a[0]), let milliseconds = number(a[1]) else { return "error usage: rtt BROKER MILLISECONDS" }
            try cluster.setBrokerRoundTripTime(broker, milliseconds: milliseconds)
        case ("errors", 3):
            let a = Array(arguments)
            guard let apiKey = number(a[0]), let code = Int(a[1]), let count = number(a[2]) else {
                return "error usage: errors APIKEY CODE COUNT"
            }
            try cluster.pushRequestErrors(apiKey: apiKey, errorCode: code, count: count)
        default:
            return "error unknown command or wrong argument count: \(line)"
        }
    } catch {
        return "error \(error)"
    }
    return "ok"
}

signal(SIGPIPE, SIG_IGN)
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count <= 1, let brokers = arguments.first.map({ Int($0) }) ?? 3 else {
    FileHandle.standardError.write(Data("usage: pulse-mock-cluster [BROKERS]\n".utf8))
    exit(2)
}

// swift-log's default handler writes to stderr, which the test sends to a log file.
let logger = Logger(label: "pulse-mock-cluster")
let cluster: MockCluster
do {
    cluster = try MockCluster(brokers: brokers, logger: logger)
} catch {
    FileHandle.standardError.write(Data("pulse-mock-cluster: \(error)\n".utf8))
    exit(1)
}
reply("BOOTSTRAP \(cluster.bootstrapServers)")

while let line = readLine(strippingNewline: true) {
    let command = line.trimmingCharacters(in: .whitespaces)
    if command.isEmpty { continue }
    reply(execute(command, on: cluster))
}
// End of input. Exit without releasing the cluster: destroying librdkafka handles can block for
// seconds, and the process ending frees everything anyway.
exit(0)
