import Hummingbird
import HummingbirdTesting
import NIOCore
import PulseExposition
import PulseHTTP
import Testing

/// The routes through Hummingbird's socketless router test framework.
@Suite("Metrics routes")
struct MetricsRoutesTests {
    static let version = "9.8.7-test"

    private func withRoutes(
        _ page: RenderedPage?, telemetryPath: String = "/metrics",
        _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let routes = MetricsRoutes(
            source: FixedSource(page: page),
            options: .init(telemetryPath: telemetryPath, staleAfter: .seconds(300), version: Self.version))
        let app = Application(router: routes.makeRouter())
        try await app.test(.router, test)
    }

    @Test("/metrics answers 503 before any sample completed")
    func metricsUnavailableWithoutPage() async throws {
        try await withRoutes(nil) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test("/metrics serves the page as the text format")
    func metricsServesPage() async throws {
        let page = Pages.page(lastSuccessAt: .now)
        try await withRoutes(page) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(response.headers[.contentEncoding] == nil)
                #expect(response.body == page.body)
                #expect(String(buffer: response.body).contains("kafka_pulse_up 1\n"))
            }
        }
    }

    @Test("/metrics serves the gzip body to a client that accepts gzip")
    func metricsServesGzip() async throws {
        let page = Pages.page(lastSuccessAt: .now)
        let gzipBody = try #require(page.gzipBody)
        try await withRoutes(page) { client in
            try await client.execute(uri: "/metrics", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(response.body == gzipBody)
            }
        }
    }

    @Test("/metrics serves the plain body when gzip is refused with q=0")
    func metricsPlainWhenGzipRefused() async throws {
        let page = Pages.page(lastSuccessAt: .now)
        try await withRoutes(page) { client in
            try await client.execute(uri: "/metrics", method: .get, headers: [.acceptEncoding: "gzip;q=0"]) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentEncoding] == nil)
                #expect(response.body == page.body)
            }
        }
    }

    @Test("/healthz answers 200 whether or not a sample completed", arguments: [false, true])
    func healthzAlwaysOK(withPage: Bool) async throws {
        try await withRoutes(withPage ? Pages.page(lastSuccessAt: nil) : nil) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("/readyz answers 503 before any page")
    func readyzUnavailableWithoutPage() async throws {
        try await withRoutes(nil) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test("/readyz answers 503 while no sample has succeeded")
    func readyzUnavailableWithoutSuccess() async throws {
        try await withRoutes(Pages.page(lastSuccessAt: nil)) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test("/readyz answers 200 after a recent success")
    func readyzOKAfterSuccess() async throws {
        try await withRoutes(Pages.page(lastSuccessAt: .now)) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("/readyz answers 503 once the last success is older than staleAfter")
    func readyzUnavailableWhenStale() async throws {
        let longAgo = ContinuousClock.now.advanced(by: .seconds(-600))
        try await withRoutes(Pages.page(lastSuccessAt: longAgo)) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test("/ is an HTML page naming the version and linking the telemetry path")
    func indexNamesVersion() async throws {
        try await withRoutes(Pages.page(lastSuccessAt: .now), telemetryPath: "/custom") { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains(Self.version))
                #expect(html.contains("href=\"/custom\""))
                #expect(html.contains("http-test"))
            }
        }
    }

    @Test("/ answers before any sample completed")
    func indexWithoutPage() async throws {
        try await withRoutes(nil) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("no sample yet"))
            }
        }
    }

    @Test("an unknown path answers 404")
    func unknownPathNotFound() async throws {
        try await withRoutes(Pages.page(lastSuccessAt: .now)) { client in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("a custom telemetry path serves the page, and /metrics is then not found")
    func customTelemetryPath() async throws {
        let page = Pages.page(lastSuccessAt: .now)
        try await withRoutes(page, telemetryPath: "/custom") { client in
            try await client.execute(uri: "/custom", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body == page.body)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
