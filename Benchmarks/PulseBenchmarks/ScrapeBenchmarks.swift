import Benchmark
import Hummingbird
import HummingbirdTesting
import PulseExposition
import PulseHTTP

/// A scrape of the cached page through the real routes, socketless (Hummingbird's router test
/// framework): what a request costs besides the network. The framework copies the body into its
/// test response, which a socket write would not; the figure is an upper bound. A thousand requests
/// per measurement amortise the framework's setup. The large page is only scraped with gzip (as
/// Prometheus does): copying its uncompressed body a thousand times would measure memcpy.
func registerScrapeBenchmarks(_ shape: ClusterShape) {
    for gzip in shape.partitions > 1_000 ? [true] : [true, false] {
        Benchmark(
            "Scrape cached page (\(gzip ? "gzip" : "identity")) \(shape.label)",
            configuration: .init(metrics: PageMetrics.with([.mallocFreeDelta]), scalingFactor: .kilo)
        ) { (benchmark, app: ScrapedApplication) in
            await scrape(app, path: "/metrics", gzip: gzip, times: benchmark.scaledIterations)
        } setup: {
            makeApplication(RenderedPage(snapshot: SamplingRun(shape).snapshot, generatedAt: .now, lastSuccessAt: .now))
        }
    }
}

/// The same requests to /healthz, which answers a constant: the cost of the router and the test
/// framework alone, to subtract from the scrapes.
func registerRouterBaseline() {
    Benchmark(
        "Router baseline (healthz)", configuration: .init(metrics: PageMetrics.with([.mallocFreeDelta]), scalingFactor: .kilo)
    ) { (benchmark, app: ScrapedApplication) in
        await scrape(app, path: "/healthz", gzip: false, times: benchmark.scaledIterations)
    } setup: {
        makeApplication(nil)
    }
}

typealias ScrapedApplication = Application<RouterResponder<BasicRequestContext>>

func makeApplication(_ page: RenderedPage?) -> ScrapedApplication {
    let routes = MetricsRoutes(
        source: CachedPage(page: page), options: .init(telemetryPath: "/metrics", staleAfter: .seconds(45), version: "bench"))
    return Application(router: routes.makeRouter())
}

func scrape(_ app: ScrapedApplication, path: String, gzip: Bool, times: Range<Int>) async {
    let headers: HTTPFields = gzip ? [.acceptEncoding: "gzip"] : [:]
    do {
        try await app.test(.router) { client in
            for _ in times {
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    blackHole(response.body.readableBytes)
                }
            }
        }
    } catch {
        fatalError("scrape failed: \(error)")
    }
}

/// The sampler's store after a sample: one page, handed to every scrape.
struct CachedPage: ScrapeSource {
    let page: RenderedPage?

    func currentPage() -> RenderedPage? { page }

    func clusterPages() -> [ClusterPage] { [ClusterPage(cluster: ScrapeCluster(), page: page)] }
}
