import PulseCore
import PulseExposition

/// A fixed source: the page a test wants /metrics to serve, or none.
struct FixedSource: ScrapeSource {
    let page: RenderedPage?
    var cluster = ScrapeCluster()

    func currentPage() -> RenderedPage? { page }

    func clusterPages() -> [ClusterPage] { [ClusterPage(cluster: cluster, page: page)] }
}

enum Pages {
    /// A page rendered from one healthy sample fed through the snapshot builder.
    static func page(lastSuccessAt: ContinuousClock.Instant?) -> RenderedPage {
        var builder = SnapshotBuilder(build: BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.8.0"))
        let sample = RawSample(
            metadata: ClusterMetadata(
                clusterID: "http-test", controllerID: 1, brokers: [Broker(id: 1, host: "kafka-1", port: 9092)],
                topics: [
                    TopicMetadata(
                        name: "orders",
                        partitions: (0..<4).map {
                            PartitionMetadata(partition: $0, leader: 1, replicas: [1], inSyncReplicas: [1])
                        })
                ]),
            offsets: (0..<4).map {
                PartitionOffsets(
                    topicPartition: TopicPartition(topic: "orders", partition: $0), earliest: 0, latest: 1000)
            },
            groups: [ConsumerGroup(id: "billing", state: .stable, members: 1)],
            groupOffsets: [
                GroupOffsets(
                    group: "billing",
                    committed: Dictionary(
                        uniqueKeysWithValues: (0..<4).map {
                            (TopicPartition(topic: "orders", partition: $0), Int64(990))
                        }))
            ],
            phases: SamplePhase.allCases.map { PhaseReport(phase: $0, durationSeconds: 0.01) })
        let snapshot = builder.record(
            .sample(sample), durationSeconds: 0.1, finishedAtUnixSeconds: 1_700_000_000, workerRestartsTotal: 0)
        return RenderedPage(snapshot: snapshot, generatedAt: .now, lastSuccessAt: lastSuccessAt)
    }
}
