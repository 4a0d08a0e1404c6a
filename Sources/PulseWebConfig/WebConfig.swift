/// The contents of a `--web.config.file`, in the Prometheus exporter-toolkit format.
public struct WebConfig: Sendable, Equatable {
    public var tlsServer: TLSServer?
    /// user name -> bcrypt hash
    public var basicAuthUsers: [String: String]
    /// Extra response headers (`http_server_config.headers`).
    public var headers: [String: String]

    public init(tlsServer: TLSServer? = nil, basicAuthUsers: [String: String] = [:], headers: [String: String] = [:]) {
        self.tlsServer = tlsServer
        self.basicAuthUsers = basicAuthUsers
        self.headers = headers
    }
}
