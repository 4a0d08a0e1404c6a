import NIOCore
import PulseCore
import PulseExposition
import PulseSampler
import Testing

/// Issue 18: each cluster publishes on its own; the page merges the latest of each.
@Suite("Cluster board")
struct ClusterBoardTests {
    static func page(clusterID: String, cluster: String) throws -> RenderedPage {
        var builder = SnapshotBuilder(build: BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.14.2"))
        let snapshot = builder.record(
            .sample(RawSample(metadata: ClusterMetadata(clusterID: clusterID, controllerID: 1, brokers: [Broker(id: 1, host: "k", port: 9092)], topics: []))),
            durationSeconds: 0, finishedAtUnixSeconds: 0, workerRestartsTotal: 0)
        var scratch: [UInt8] = []
        return RenderedPage(
            snapshot: snapshot, generatedAt: .now, lastSuccessAt: .now, constantLabels: try ConstantLabels([("cluster", cluster)]),
            scratch: &scratch)
    }

    @Test("nothing to serve before a first page; then the page of whichever clusters have one")
    func servesWhatHasBeenPublished() throws {
        let board = ClusterBoard(clusters: [ScrapeCluster(name: "a"), ScrapeCluster(name: "b")])
        #expect(board.currentPage() == nil)
        #expect(board.clusterPages().map(\.cluster.name) == ["a", "b"])
        board.stores[1].publish(try Self.page(clusterID: "id-b", cluster: "b"))
        let onlyB = String(buffer: try #require(board.currentPage()).body)
        #expect(onlyB.contains("cluster=\"b\"") && !onlyB.contains("cluster=\"a\""))
        #expect(board.clusterPages().map { $0.page == nil } == [true, false])
    }

    @Test("a new page of one cluster replaces only that cluster's series")
    func onePublishLeavesTheOtherCluster() throws {
        let board = ClusterBoard(clusters: [ScrapeCluster(name: "a"), ScrapeCluster(name: "b")])
        board.stores[0].publish(try Self.page(clusterID: "a-1", cluster: "a"))
        board.stores[1].publish(try Self.page(clusterID: "b-1", cluster: "b"))
        board.stores[0].publish(try Self.page(clusterID: "a-2", cluster: "a"))
        let text = String(buffer: try #require(board.currentPage()).body)
        #expect(text.contains("cluster_id=\"a-2\"") && text.contains("cluster_id=\"b-1\""))
        #expect(!text.contains("cluster_id=\"a-1\""))
        #expect(text.split(separator: "\n").filter { $0 == "# TYPE kafka_pulse_up gauge" }.count == 1)
    }
}
