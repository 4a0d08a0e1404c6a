public import PulseExposition
import Synchronization

/// Holds the page the last sample rendered. The sampler swaps in a new page once per sample;
/// every scrape reads the current one without waiting on anything but a pointer swap.
public final class SnapshotStore: ScrapeSource {
    private let page = Mutex<RenderedPage?>(nil)

    public init() {}

    public func publish(_ newPage: RenderedPage) {
        page.withLock { $0 = newPage }
    }

    public func currentPage() -> RenderedPage? {
        page.withLock { $0 }
    }
}
