public import Hummingbird
import FoundationEssentials
import NIOCore
import PulseCore
public import PulseExposition

/// The exporter's HTTP surface: /metrics (the page the last sample rendered), /healthz, /readyz
/// and a small index page. No route does Kafka work; each serves bytes that already exist.
public struct MetricsRoutes: Sendable {
    public struct Options: Sendable {
        public var telemetryPath: String
        /// /readyz answers 503 once the last successful sample is older than this, for a cluster
        /// that does not set its own (`ScrapeCluster.staleAfter`).
        public var staleAfter: Duration
        public var version: String

        public init(telemetryPath: String, staleAfter: Duration, version: String) {
            self.telemetryPath = telemetryPath
            self.staleAfter = staleAfter
            self.version = version
        }
    }

    let source: any ScrapeSource
    let options: Options

    public init(source: any ScrapeSource, options: Options) {
        self.source = source
        self.options = options
    }

    public func makeRouter(security: WebSecurity = WebSecurity()) -> Router<BasicRequestContext> {
        let router = Router()
        if !security.headers.isEmpty { router.add(middleware: ResponseHeadersMiddleware(headers: security.headers)) }
        if let verifier = security.basicAuth {
            router.add(middleware: BasicAuthMiddleware(verifier: verifier, openPaths: WebSecurity.openPaths))
        }
        router.get(RouterPath(options.telemetryPath)) { request, _ in metrics(request) }
        router.get("/healthz") { _, _ in plain(.ok, "ok\n") }
        router.get("/readyz") { request, _ in readiness(cluster: request.uri.queryParameters.get("cluster")) }
        router.get("/") { _, _ in index() }
        return router
    }

    func metrics(_ request: Request) -> Response {
        guard let page = source.currentPage() else {
            return plain(.serviceUnavailable, "no sample has completed yet\n")
        }
        // Vary on both answers: a cache in between must not hand gzip to a client that cannot read it.
        var headers: HTTPFields = [.contentType: ExpositionFormat.contentType, .vary: "Accept-Encoding"]
        if let gzipped = page.gzipBody, AcceptEncoding.acceptsGzip(request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzipped))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: page.body))
    }

    /// One cluster: ready while it has fresh data. Several: ready while at least one has, so that
    /// one cluster's outage does not take the others' series out of a Service or stall a rollout;
    /// the body names each cluster's state, and `?cluster=NAME` answers for that cluster alone.
    func readiness(cluster name: String?) -> Response {
        let clusters = source.clusterPages()
        let now = ContinuousClock.now
        if let name {
            guard let cluster = clusters.first(where: { $0.cluster.name == name }) else {
                let known = clusters.compactMap(\.cluster.name)
                let list = known.isEmpty ? "this exporter's cluster has no name" : "known: \(known.joined(separator: ", "))"
                return plain(.notFound, "unknown cluster: \(name) (\(list))\n")
            }
            return isReady(cluster, now: now) ? plain(.ok, "ready\n") : plain(.serviceUnavailable, notReadyReason(cluster) + "\n")
        }
        let ready = clusters.map { isReady($0, now: now) }
        let anyReady = ready.contains(true)
        if clusters.count == 1, clusters[0].cluster.name == nil {
            return anyReady ? plain(.ok, "ready\n") : plain(.serviceUnavailable, notReadyReason(clusters[0]) + "\n")
        }
        let lines = zip(clusters, ready).map { cluster, ready in
            "\(cluster.cluster.name ?? "cluster"): \(ready ? "ready" : notReadyReason(cluster))\n"
        }
        return plain(anyReady ? .ok : .serviceUnavailable, (anyReady ? "ready\n" : "not ready\n") + lines.joined())
    }

    private func notReadyReason(_ cluster: ClusterPage) -> String {
        "not ready: no successful sample in the last \(cluster.cluster.staleAfter ?? options.staleAfter)"
    }

    private func isReady(_ cluster: ClusterPage, now: ContinuousClock.Instant) -> Bool {
        cluster.page?.isReady(now: now, staleAfter: cluster.cluster.staleAfter ?? options.staleAfter) ?? false
    }

    func index() -> Response {
        let html = IndexPage(
            version: options.version, telemetryPath: options.telemetryPath,
            clusters: source.clusterPages().map(IndexPage.ClusterSection.init), now: Date.now.timeIntervalSince1970
        ).html
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
