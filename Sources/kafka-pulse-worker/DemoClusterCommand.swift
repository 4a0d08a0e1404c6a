import ArgumentParser
import Glibc
import Logging
import PulseCore
import PulseDemo
import PulseKafka
import PulseLogging

/// `kafka-pulse-worker demo-cluster`: librdkafka's mock cluster with the demo shop's traffic, run as
/// a child of the exporter (whose own process never calls librdkafka). It tells the parent where the
/// cluster is and what the demo will show on stdout, and lives until its stdin closes.
struct DemoClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-cluster", abstract: "The demo: librdkafka's mock cluster and the shop; its address on stdout, until stdin closes.")

    /// Fixed: the shop's topics use replication factor 3.
    private static let brokers = 3

    @OptionGroup var log: LogOptions

    func run() async throws {
        log.bootstrap(process: "demo")
        let logger = Logger(label: "kafka-pulse.demo")
        let cluster = try MockCluster(brokers: Self.brokers, logger: logger)
        let shop = try DemoShop(cluster: cluster, logger: logger)
        shop.start()

        // The parent reads these lines up to end-of-file; write(2) is unbuffered, so nothing
        // waits in a stdio buffer, and a parent that is already gone makes this throw instead of
        // crashing. stdout then closes: nothing else is ever written there. The guide (what the demo
        // will show, for the exporter's banner) comes from here so that the exporter needs none of
        // the demo's code, and its times come from the script that runs.
        let lines = ["BOOTSTRAP \(cluster.bootstrapServers)", "GROUPS \(DemoShop.groups.joined(separator: ","))"]
            + DemoShop.guide.map { "GUIDE \($0)" }
        let announcement = lines.map { $0 + "\n" }.joined()
        try FileDescriptor.standardOutput.writeAll(announcement.utf8)
        Self.endStandardOutput()

        await Self.waitForEndOfInput()
        logger.info("demo: stdin closed, stopping")
        shop.stop()
        // Exit without releasing the cluster, the shop or their handles: rd_kafka_destroy and
        // rd_kafka_consumer_close can block for seconds (leaving groups, flushing, joining threads),
        // past the exporter's 5 s shutdown budget. The process ending frees everything anyway.
        Glibc.exit(0)
    }

    /// Ends the announcement with end-of-file, so a parent that reads stdout to the end returns at
    /// once (on Linux, `FileHandle.read(upToCount:)` waits for the full count or end-of-file).
    /// /dev/null takes the descriptor's place rather than leaving it free: a socket opened later
    /// could get descriptor 1, and a stray print would then write into it.
    private static func endStandardOutput() {
        let devNull = open("/dev/null", O_WRONLY)
        guard devNull >= 0 else {
            close(STDOUT_FILENO)
            return
        }
        dup2(devNull, STDOUT_FILENO)
        close(devNull)
    }

    /// Returns when stdin reaches end-of-file: the parent closed it, or died. The blocking reads run
    /// on their own thread, not on Swift concurrency's cooperative pool.
    private static func waitForEndOfInput() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            startDetachedThread(named: "demo-stdin") {
                // Anything but data (end-of-file or an error) ends the wait; read retries after signals.
                while let chunk = try? FileDescriptor.standardInput.read(upTo: 512), !chunk.isEmpty {}
                continuation.resume()
            }
        }
    }
}
