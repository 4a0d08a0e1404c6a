import NIOCore

extension RenderedPage {
    /// One page for several clusters: each family's HELP and TYPE once, then the series of every
    /// page in `pages`' order (each cluster's series carry its `cluster` label, so none collide).
    /// Runs when a cluster publishes a sample, never per scrape; it copies bytes and parses nothing.
    ///
    /// The merged page is up when every cluster is, has data when any has; its last success is
    /// the latest one. Readiness and the index page look at each cluster's own page instead.
    public static func merging(_ pages: [RenderedPage]) -> RenderedPage? {
        guard pages.count > 1 else { return pages.first }
        var spansByName: [String: [(page: RenderedPage, span: FamilySpan)]] = [:]
        for page in pages {
            for span in page.families { spansByName[span.name, default: []].append((page, span)) }
        }
        var body = ByteBufferAllocator().buffer(capacity: pages.reduce(0) { $0 + $1.body.readableBytes })
        var families: [FamilySpan] = []
        families.reserveCapacity(spansByName.count)
        // The renderer writes families sorted by name; the merged page keeps that order.
        for name in spansByName.keys.sorted() {
            guard let spans = spansByName[name], let first = spans.first else { continue }
            let start = body.writerIndex
            body.copy(first.span.header, of: first.page)
            let headerEnd = body.writerIndex
            for (page, span) in spans { body.copy(span.series, of: page) }
            families.append(FamilySpan(name: name, header: start..<headerEnd, series: headerEnd..<body.writerIndex))
        }
        let lastSuccesses = pages.compactMap(\.lastSuccessAt)
        return RenderedPage(
            body: body, families: families, generatedAt: pages.map(\.generatedAt).max() ?? .now,
            lastSuccessAt: lastSuccesses.max(), clusterID: nil, brokerCount: pages.reduce(0) { $0 + $1.brokerCount },
            lastSuccessUnixSeconds: pages.compactMap(\.lastSuccessUnixSeconds).max(), up: pages.allSatisfy(\.up),
            lastSampleHadData: pages.contains(where: \.lastSampleHadData))
    }
}

extension ByteBuffer {
    fileprivate mutating func copy(_ range: Range<Int>, of page: RenderedPage) {
        guard let slice = page.body.getSlice(at: page.body.readerIndex + range.lowerBound, length: range.count) else { return }
        writeImmutableBuffer(slice)
    }
}
