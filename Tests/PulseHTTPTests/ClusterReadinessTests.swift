import Hummingbird
import HummingbirdTesting
import NIOCore
import PulseCore
import PulseExposition
import PulseHTTP
import Testing

/// Issue 18: /readyz and / name each cluster; one cluster's outage leaves the others ready.
@Suite("Readiness and index page with several clusters")
struct ClusterReadinessTests {
    struct TwoClusters: ScrapeSource {
        let pages: [ClusterPage]
        func currentPage() -> RenderedPage? { pages.compactMap(\.page).first }
        func clusterPages() -> [ClusterPage] { pages }
    }

    /// Made per test: the pages' ages count from now. The ready cluster stays ready for an hour, so
    /// that a test run starved of threads cannot age it.
    static var routes: MetricsRoutes {
        MetricsRoutes(
        source: TwoClusters(pages: [
            ClusterPage(cluster: ScrapeCluster(name: "orders"), page: Pages.page(lastSuccessAt: .now)),
            ClusterPage(cluster: ScrapeCluster(name: "payments", staleAfter: .seconds(6)), page: Pages.page(lastSuccessAt: .now - .seconds(60))),
        ]),
        options: .init(telemetryPath: "/metrics", staleAfter: .seconds(3_600), version: "t"))
    }

    @Test("/readyz is 200 while one cluster is ready and lists each; ?cluster= answers for one; an unknown name is 404")
    func readinessPerCluster() async throws {
        try await Application(router: Self.routes.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("orders: ready\n"))
                #expect(text.contains("payments: not ready: no successful sample in the last 6.0 seconds\n"), "\(text)")
            }
            try await client.execute(uri: "/readyz?cluster=orders", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz?cluster=payments", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/readyz?cluster=billing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == "unknown cluster: billing (known: orders, payments)\n")
            }
        }
    }

    @Test("/ has a section per cluster, with its own readiness link")
    func indexPerCluster() async throws {
        try await Application(router: Self.routes.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<h2>Cluster orders</h2>") && html.contains("<h2>Cluster payments</h2>"))
                #expect(html.contains("href=\"/readyz?cluster=payments\""))
            }
        }
    }

    @Test("with no cluster ready /readyz is 503")
    func noneReady() async throws {
        let stale = ClusterPage(cluster: ScrapeCluster(name: "a"), page: Pages.page(lastSuccessAt: nil))
        let routes = MetricsRoutes(
            source: TwoClusters(pages: [stale, stale]), options: .init(telemetryPath: "/metrics", staleAfter: .seconds(30), version: "t"))
        try await Application(router: routes.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }
}
