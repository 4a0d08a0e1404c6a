/// What `--web.config.file` asks of every request: basic auth and extra response headers.
/// (TLS is set up on the server's channels, see `WebTLS`.)
public struct WebSecurity: Sendable {
    public var headers: [String: String]
    public var basicAuth: BasicAuthVerifier?

    public init(headers: [String: String] = [:], basicAuth: BasicAuthVerifier? = nil) {
        self.headers = headers
        self.basicAuth = basicAuth
    }

    /// Liveness and readiness answer without credentials: they carry no cluster data ("ok",
    /// "ready"), and Kubernetes probes and the container HEALTHCHECK cannot hold a password
    /// (the web config has only its hash). Everything else, unknown paths included, needs it.
    public static let openPaths: Set<String> = ["/healthz", "/readyz"]
}
