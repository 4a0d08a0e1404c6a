import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import NIOCore
import PulseExposition
import PulseHTTP
import Testing

/// Basic auth and extra headers on the real routes, through Hummingbird's socketless test framework.
@Suite("Basic auth on the routes")
struct BasicAuthRoutesTests {
    static let hash = Bcrypt.hash("s3cret:with colon", cost: 4)

    private func withSecuredRoutes(
        headers: [String: String] = [:], _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let routes = MetricsRoutes(
            source: FixedSource(page: Pages.page(lastSuccessAt: .now)),
            options: .init(telemetryPath: "/metrics", staleAfter: .seconds(300), version: "test"))
        let security = WebSecurity(headers: headers, basicAuth: BasicAuthVerifier(users: ["prometheus": Self.hash]))
        try await Application(router: routes.makeRouter(security: security)).test(.router, test)
    }

    static func basic(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test("no credentials, wrong password, unknown user or a malformed header: 401 with a Basic challenge", arguments: [
        [:], basic("prometheus", "wrong"), basic("nobody", "s3cret:with colon"),
        [.authorization: "Basic !!!not-base64"], [.authorization: "Bearer abc"],
    ] as [HTTPFields])
    func refused(headers: HTTPFields) async throws {
        try await withSecuredRoutes { client in
            for path in ["/metrics", "/", "/no-such-page"] {
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    #expect(response.headers[.wwwAuthenticate] == "Basic realm=\"kafka-pulse\"")
                    #expect(!String(buffer: response.body).contains("kafka_pulse_up"))
                }
            }
        }
    }

    @Test("the right credentials get the page; a password may contain a colon")
    func accepted() async throws {
        try await withSecuredRoutes { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/metrics", method: .get, headers: Self.basic("prometheus", "s3cret:with colon")) {
                    response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("kafka_pulse_up 1\n"))
                }
            }
        }
    }

    @Test("liveness and readiness answer without credentials", arguments: ["/healthz", "/readyz"])
    func probesOpen(path: String) async throws {
        try await withSecuredRoutes { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("http_server_config.headers are on every answer, the 401 included")
    func extraHeaders() async throws {
        try await withSecuredRoutes(headers: ["X-Frame-Options": "deny"]) { client in
            let frameOptions = try #require(HTTPField.Name("X-Frame-Options"))
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[frameOptions] == "deny")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.headers[frameOptions] == "deny")
            }
        }
    }

    @Test("without basic auth, the headers are on a 404 too")
    func extraHeadersOnNotFound() async throws {
        let routes = MetricsRoutes(
            source: FixedSource(page: nil), options: .init(telemetryPath: "/metrics", staleAfter: .seconds(30), version: "test"))
        let frameOptions = try #require(HTTPField.Name("X-Frame-Options"))
        let router = routes.makeRouter(security: WebSecurity(headers: ["X-Frame-Options": "sameorigin"]))
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/no-such-page", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[frameOptions] == "sameorigin")
            }
        }
    }
}
