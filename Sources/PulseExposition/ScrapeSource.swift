/// Where the HTTP layer gets the page to serve. The sampler's store implements it by handing out
/// the page it last published; a scrape only reads, it never triggers Kafka work.
public protocol ScrapeSource: Sendable {
    /// The latest page, or nil before the first sample finished.
    func currentPage() -> RenderedPage?
}
