public import NIOCore
public import PulseCore

/// One sample's /metrics page, rendered and compressed once and then served to every scrape
/// until the next sample replaces it.
public final class RenderedPage: Sendable {
    /// The page in the text format (`ExpositionFormat.contentType`).
    public let body: ByteBuffer
    /// The same page gzip-compressed, for scrapers that accept it (Prometheus does). nil only if
    /// zlib failed, which it does not for in-memory input short of running out of memory; serve
    /// `body` then.
    public let gzipBody: ByteBuffer?
    /// Where each family sits in `body`, for merging the pages of several clusters.
    public let families: [FamilySpan]
    public let generatedAt: ContinuousClock.Instant
    /// When the last fully successful sample finished, nil before the first.
    public let lastSuccessAt: ContinuousClock.Instant?

    // For the HTML index page.
    public let clusterID: String?
    public let brokerCount: Int
    public let lastSuccessUnixSeconds: Double?
    public let up: Bool
    /// Whether the sample behind this page read the cluster (complete or partial).
    public let lastSampleHadData: Bool

    /// - Parameter scratch: a buffer kept by the caller between samples, so that rendering starts
    ///   with the capacity the last page needed; its contents are overwritten.
    public init(
        snapshot: ClusterSnapshot,
        generatedAt: ContinuousClock.Instant,
        lastSuccessAt: ContinuousClock.Instant?,
        constantLabels: ConstantLabels = ConstantLabels(),
        selection: FamilySelection = .all,
        scratch: inout [UInt8]
    ) {
        families = ExpositionRenderer.render(snapshot, constantLabels: constantLabels, selection: selection, reusing: &scratch)
        let body = ByteBuffer(bytes: scratch)
        // The page keeps its own copy. A fresh reservation of the same size is address space only
        // until the next render writes it, where the old buffer would hold a second page in memory.
        let renderedBytes = scratch.count
        scratch = []
        scratch.reserveCapacity(renderedBytes)
        self.body = body
        self.gzipBody = Self.gzip(body)
        self.generatedAt = generatedAt
        self.lastSuccessAt = lastSuccessAt
        self.clusterID = snapshot.clusterID
        self.brokerCount = snapshot.brokers.count
        self.lastSuccessUnixSeconds = snapshot.health.lastSuccessUnixSeconds
        self.up = snapshot.health.up
        self.lastSampleHadData = snapshot.health.lastSampleHadData
    }

    init(
        body: ByteBuffer, families: [FamilySpan], generatedAt: ContinuousClock.Instant, lastSuccessAt: ContinuousClock.Instant?,
        clusterID: String?, brokerCount: Int, lastSuccessUnixSeconds: Double?, up: Bool, lastSampleHadData: Bool
    ) {
        self.body = body
        self.gzipBody = Self.gzip(body)
        self.families = families
        self.generatedAt = generatedAt
        self.lastSuccessAt = lastSuccessAt
        self.clusterID = clusterID
        self.brokerCount = brokerCount
        self.lastSuccessUnixSeconds = lastSuccessUnixSeconds
        self.up = up
        self.lastSampleHadData = lastSampleHadData
    }

    public convenience init(
        snapshot: ClusterSnapshot, generatedAt: ContinuousClock.Instant, lastSuccessAt: ContinuousClock.Instant?
    ) {
        var scratch: [UInt8] = []
        self.init(snapshot: snapshot, generatedAt: generatedAt, lastSuccessAt: lastSuccessAt, scratch: &scratch)
    }

    /// Follows on from `previous`: a sample that published data (`health.lastSampleHadData`) moves the last success to
    /// `generatedAt`, a failed one keeps the previous page's.
    public convenience init(
        snapshot: ClusterSnapshot, generatedAt: ContinuousClock.Instant, previous: RenderedPage?,
        constantLabels: ConstantLabels = ConstantLabels(), selection: FamilySelection = .all, scratch: inout [UInt8]
    ) {
        let lastSuccessAt = snapshot.health.lastSampleHadData ? generatedAt : previous?.lastSuccessAt
        self.init(
            snapshot: snapshot, generatedAt: generatedAt, lastSuccessAt: lastSuccessAt, constantLabels: constantLabels,
            selection: selection, scratch: &scratch)
    }

    /// Ready means the exporter has data worth scraping: a sample succeeded, less than
    /// `staleAfter` before `now`.
    public func isReady(now: ContinuousClock.Instant, staleAfter: Duration) -> Bool {
        guard let lastSuccessAt else { return false }
        return lastSuccessAt.duration(to: now) < staleAfter
    }
}
