import ArgumentParser
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import PulseHTTP
import PulseWebConfig

/// `--web.config.file`: TLS and basic auth for the HTTP endpoints, in the Prometheus
/// exporter-toolkit format, so a file written for another exporter works unchanged.
struct WebConfigOptions: ParsableArguments {
    @Option(
        name: .customLong("web.config.file"),
        help: "Web configuration file (Prometheus exporter-toolkit format): TLS and basic auth for the HTTP endpoints.")
    var file: String?

    /// How the HTTP server is set up from the file.
    struct Server {
        var builder: HTTPServerBuilder
        var security: WebSecurity
        var scheme: String
    }

    /// A bad file refuses the start before anything else starts (worker, demo cluster).
    func validate() throws {
        _ = try config()
    }

    /// The parsed file, nil without the flag. Errors name the flag, the file and the key.
    func config() throws -> WebConfig? {
        guard let file else { return nil }
        do {
            return try WebConfigParser.load(path: file)
        } catch {
            throw StartupError("--web.config.file \(file): \(error)")
        }
    }

    /// - Parameter flagConfig: the same settings from kafka_exporter's `--server.tls.*` flags, used
    ///   when there is no file (the two are refused together).
    func server(limits: ServerLimits, logger: Logger, flagConfig: WebConfig? = nil) throws -> Server {
        let http1 = HTTPServerBuilder.http1(configuration: limits.http1)
        let source: String
        let config: WebConfig
        if let file, let fileConfig = try self.config() {
            source = "--web.config.file \(file)"
            config = fileConfig
        } else if let flagConfig {
            source = "--server.tls.*"
            config = flagConfig
        } else {
            return Server(builder: http1, security: WebSecurity(), scheme: "http")
        }
        var builder = http1
        if let tls = config.tlsServer {
            do {
                builder = try .tls(.http1(configuration: limits.http1), configuration: WebTLS.channelConfiguration(tls, logger: logger))
            } catch let error as WebConfigError {
                throw StartupError("\(source): \(error)")
            }
        }
        let verifier = config.basicAuthUsers.isEmpty ? nil : BasicAuthVerifier(users: config.basicAuthUsers)
        // Names only: never a hash, never a password.
        logger.info(
            "web config loaded",
            metadata: [
                "pulse.web_config": "\(file ?? source)", "pulse.tls": "\(config.tlsServer != nil)",
                "pulse.client_auth": "\(config.tlsServer?.clientAuth.rawValue ?? "none")",
                "pulse.basic_auth_users": "\(config.basicAuthUsers.count)",
            ])
        return Server(
            builder: builder, security: WebSecurity(headers: config.headers, basicAuth: verifier),
            scheme: config.tlsServer == nil ? "http" : "https")
    }
}
