public import Logging
public import PulseKafka
import Synchronization

/// An online shop's traffic on a mock cluster, for the exporter to watch: orders arrive steadily
/// with periodic bursts, four services consume them as real group members and commit in their own
/// ways (one keeps up, one lags then catches up, one stalls, one keeps up downstream), and one
/// broker goes down for a minute. See `DemoTimeline` for the timings.
public final class DemoShop: Sendable {
    /// Every topic the shop uses, each with `partitionsPerTopic` partitions and replication factor 3.
    public static let topics = [
        "orders.events", "payments.events", "inventory.events", "shipping.events", "notifications.events", "users.events",
    ]
    /// The consumer groups whose committed offsets the exporter should read.
    public static var groups: [String] { ShopService.all.map(\.group) }
    static let partitionsPerTopic = 3
    static let brokersNeeded = 3

    private let traffic: OrderTraffic
    private let outage: BrokerOutage
    private let services: [ServiceLoop]
    private let loops = BackgroundLoops()
    private let started = Atomic<Bool>(false)

    /// Creates the topics and the clients; the services join their groups at once, but nothing is
    /// produced or committed before `start()`.
    public init(cluster: MockCluster, logger: Logger) throws {
        let timeline = DemoTimeline()
        guard cluster.brokerCount >= Self.brokersNeeded, (1...cluster.brokerCount).contains(timeline.outageBroker) else {
            throw DemoSetupError("the demo shop needs a mock cluster of at least \(Self.brokersNeeded) brokers")
        }
        for topic in Self.topics {
            try cluster.createTopic(topic, partitions: Self.partitionsPerTopic, replicationFactor: Self.brokersNeeded)
            // Partition p led by broker p+1: each topic has exactly one partition on the broker
            // that goes down, so the outage shows the same way everywhere. Done before any client
            // exists: leaders never move while consumers fetch (to -1 that can crash the mock).
            for partition in 0..<Self.partitionsPerTopic {
                try cluster.setPartitionLeader(topic: topic, partition: partition, broker: partition % cluster.brokerCount + 1)
            }
        }
        // Coordinators on brokers that stay up, so every group keeps committing through the outage.
        let steadyBrokers = (1...cluster.brokerCount).filter { $0 != timeline.outageBroker }
        for (index, service) in ShopService.all.enumerated() {
            try cluster.setGroupCoordinator(service.group, broker: steadyBrokers[index % steadyBrokers.count])
        }

        let producer = try DemoProducer(bootstrapServers: cluster.bootstrapServers, topics: Self.topics, logger: logger)
        traffic = OrderTraffic(producer: producer, timeline: timeline, logger: logger)
        outage = BrokerOutage(cluster: cluster, timeline: timeline, logger: logger)
        var services: [ServiceLoop] = []
        for service in ShopService.all {
            let consumer = try DemoConsumer(
                bootstrapServers: cluster.bootstrapServers, group: service.group, topic: service.input, logger: logger)
            services.append(ServiceLoop(service: service, consumer: consumer, producer: producer, timeline: timeline, logger: logger))
        }
        self.services = services
    }

    /// Starts the storefront, the outage script and one thread per service. Later calls do nothing.
    public func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let start = ContinuousClock.now
        let loops = loops
        let traffic = traffic
        let outage = outage
        loops.spawn("demo-orders") { traffic.run(startedAt: start, loops: loops) }
        loops.spawn("demo-outage") { outage.run(startedAt: start, loops: loops) }
        for service in services {
            loops.spawn("demo-\(service.service.group)") { service.run(startedAt: start, loops: loops) }
        }
    }

    /// Stops producing and committing, waiting at most about a second for the loops to notice (a
    /// commit in flight can take that long). Handles stay open: closing them is the owner's choice.
    public func stop() {
        loops.stop(waitingUpTo: .seconds(1))
    }
}
