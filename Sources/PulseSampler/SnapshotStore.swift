public import PulseExposition
import Synchronization

/// Holds the page one cluster's last sample rendered. The sampler swaps in a new page once per
/// sample; every scrape reads the current one without waiting on anything but a pointer swap.
public final class SnapshotStore: ScrapeSource {
    public let cluster: ScrapeCluster
    private let page = Mutex<RenderedPage?>(nil)
    /// Tells a `ClusterBoard` that this cluster has a new page.
    private let didPublish: @Sendable () -> Void

    public init(cluster: ScrapeCluster = ScrapeCluster(), didPublish: @escaping @Sendable () -> Void = {}) {
        self.cluster = cluster
        self.didPublish = didPublish
    }

    public func publish(_ newPage: RenderedPage) {
        page.withLock { $0 = newPage }
        didPublish()
    }

    public func currentPage() -> RenderedPage? {
        page.withLock { $0 }
    }

    public func clusterPages() -> [ClusterPage] {
        [ClusterPage(cluster: cluster, page: currentPage())]
    }
}
