public import PulseCore

/// Where the HTTP layer gets the page to serve. The sampler's store implements it by handing out
/// the page it last published; a scrape only reads, it never triggers Kafka work.
public protocol ScrapeSource: Sendable {
    /// The latest page, or nil before the first sample finished. With several clusters, their
    /// pages merged into one.
    func currentPage() -> RenderedPage?
    /// Each cluster's latest page, in configuration order, for readiness and the index page.
    func clusterPages() -> [ClusterPage]
}

/// One cluster's latest page and what the index page says about it.
public struct ClusterPage: Sendable {
    public let cluster: ScrapeCluster
    /// nil before the cluster's first sample finished.
    public let page: RenderedPage?

    public init(cluster: ScrapeCluster, page: RenderedPage?) {
        self.cluster = cluster
        self.page = page
    }
}

/// A cluster as the HTTP pages name it.
public struct ScrapeCluster: Sendable {
    /// `--cluster.name` or the `clusters:` entry's name; nil for an unnamed single cluster, whose
    /// page carries no `cluster` label.
    public let name: String?
    /// Shown on the index page; the type guarantees secrets are already masked.
    public let kafkaClientProperties: RedactedClientProperties
    /// Readiness ends once the cluster's last successful sample is older than this (it follows
    /// the cluster's own interval); nil: the HTTP layer's default.
    public let staleAfter: Duration?

    public init(
        name: String? = nil, kafkaClientProperties: RedactedClientProperties = RedactedClientProperties([:]), staleAfter: Duration? = nil
    ) {
        self.name = name
        self.kafkaClientProperties = kafkaClientProperties
        self.staleAfter = staleAfter
    }
}
