import PulseCore
import PulseExposition
import PulseSampler
import Testing

@Suite("Snapshot store")
struct SnapshotStoreTests {
    @Test("there is no page before the first publish")
    func emptyAtFirst() {
        #expect(SnapshotStore().currentPage() == nil)
    }

    @Test("the current page is the one last published")
    func currentIsLastPublished() {
        let store = SnapshotStore()
        let first = Self.page(clusterID: "first")
        let second = Self.page(clusterID: "second")
        store.publish(first)
        #expect(store.currentPage() === first)
        store.publish(second)
        #expect(store.currentPage() === second)
    }

    private static func page(clusterID: String) -> RenderedPage {
        var builder = SnapshotBuilder(build: BuildInfo(version: "0.0.0-test", librdkafkaVersion: "2.8.0"))
        let snapshot = builder.record(
            .sample(
                RawSample(metadata: ClusterMetadata(clusterID: clusterID, controllerID: nil, brokers: [], topics: []))),
            durationSeconds: 0, finishedAtUnixSeconds: 0, workerRestartsTotal: 0)
        return RenderedPage(snapshot: snapshot, generatedAt: .now, lastSuccessAt: nil)
    }
}
