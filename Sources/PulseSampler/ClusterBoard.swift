public import PulseExposition
import Synchronization

/// The pages of several clusters, each sampled on its own, served as one /metrics page. Each
/// cluster publishes to its own store; the board merges the latest pages when one of them
/// changes, so a scrape still only reads a pointer, and one cluster's failure or silence leaves
/// the others' series as they were.
public final class ClusterBoard: ScrapeSource {
    /// One per cluster, in configuration order: each cluster's sampler publishes to its own.
    public let stores: [SnapshotStore]
    private let merged: MergedPage

    public init(clusters: [ScrapeCluster]) {
        let merged = MergedPage()
        self.merged = merged
        stores = clusters.map { cluster in
            SnapshotStore(cluster: cluster) { [weak merged] in merged?.remerge() }
        }
        merged.stores.withLock { $0 = stores }
    }

    public func currentPage() -> RenderedPage? {
        merged.page.withLock { $0 }
    }

    public func clusterPages() -> [ClusterPage] {
        stores.map { ClusterPage(cluster: $0.cluster, page: $0.currentPage()) }
    }
}

private final class MergedPage: Sendable {
    let stores = Mutex<[SnapshotStore]>([])
    let page = Mutex<RenderedPage?>(nil)

    /// Merging under the page's lock keeps two clusters publishing at once from storing an
    /// older merge over a newer one.
    func remerge() {
        let stores = self.stores.withLock { $0 }
        page.withLock { page in
            page = RenderedPage.merging(stores.compactMap { $0.currentPage() })
        }
    }
}
