public import Hummingbird
import FoundationEssentials
import NIOCore
public import PulseCore
public import PulseExposition

/// The exporter's HTTP surface: /metrics (the page the last sample rendered), /healthz, /readyz
/// and a small index page. No route does Kafka work; each serves bytes that already exist.
public struct MetricsRoutes: Sendable {
    public struct Options: Sendable {
        public var telemetryPath: String
        /// /readyz answers 503 once the last successful sample is older than this.
        public var staleAfter: Duration
        public var version: String
        /// Shown on the index page; the type guarantees secrets are already masked.
        public var kafkaClientProperties: RedactedClientProperties

        public init(
            telemetryPath: String, staleAfter: Duration, version: String,
            kafkaClientProperties: RedactedClientProperties = RedactedClientProperties([:])
        ) {
            self.telemetryPath = telemetryPath
            self.staleAfter = staleAfter
            self.version = version
            self.kafkaClientProperties = kafkaClientProperties
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
        router.get("/readyz") { _, _ in readiness() }
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

    func readiness() -> Response {
        guard let page = source.currentPage(), page.isReady(now: .now, staleAfter: options.staleAfter) else {
            return plain(.serviceUnavailable, "not ready: no successful sample in the last \(options.staleAfter)\n")
        }
        return plain(.ok, "ready\n")
    }

    func index() -> Response {
        let page = source.currentPage()
        let html = IndexPage(
            version: options.version, telemetryPath: options.telemetryPath, clusterID: page?.clusterID,
            brokerCount: page?.brokerCount, up: page?.up, lastSampleHadData: page?.lastSampleHadData ?? false,
            lastSuccessUnixSeconds: page?.lastSuccessUnixSeconds, kafkaClientProperties: options.kafkaClientProperties,
            now: Date.now.timeIntervalSince1970
        ).html
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
