import ArgumentParser
import Glibc
import NIOCore
import NIOPosix
import NIOSSL
import PulseHTTP
import PulseWebConfig

/// `kafka-pulse healthcheck`: asks a running exporter for /healthz and exits 0 on 200, else 1 with
/// one line on stderr. It exists for container health checks: the runtime image has no curl or wget.
struct HealthcheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Ask a running kafka-pulse for /healthz: exit 0 on 200, else 1 with one line on stderr.",
        discussion: """
            For container health checks. Probes the exporter's --web.listen-address (default :9308; \
            kafka-pulse healthcheck --web.listen-address 127.0.0.1:9400); a wildcard host (:9308, \
            0.0.0.0, [::]) is probed on loopback. Gives up after 2 seconds. With --web.config.file, \
            speaks TLS when the file has tls_server_config (the certificate is not checked: this is a \
            liveness probe of our own port); /healthz needs no basic auth.
            """)

    /// The whole probe, connect included, must be answered within this.
    static let timeout = TimeAmount.seconds(2)

    /// `--web.listen-address` is the exporter's own option (argument-parser gives an option that a
    /// parent and its subcommand both declare to the parent), validated by it, default included.
    @ParentCommand var exporter: KafkaPulse

    func run() async throws {
        // The parent validated it; parse cannot fail here.
        guard let address = ListenAddress(parsing: exporter.listenAddress) else { throw StartupError("invalid listen address") }
        var probe = HealthProbe(probing: address, timeout: Self.timeout)
        if try exporter.webConfig.config()?.tlsServer != nil { probe.tls = try HealthProbe.tlsContext() }
        let status: Int
        do {
            status = try await probe.statusCode()
        } catch {
            Entry.printError("healthcheck: \(probe.url): \(HealthProbe.describe(error))")
            throw ExitCode.failure
        }
        guard status == 200 else {
            Entry.printError("healthcheck: \(probe.url) answered \(status)")
            throw ExitCode.failure
        }
    }
}

/// One `GET /healthz` over a plain TCP connection; only the status line is read.
struct HealthProbe: Sendable {
    let host: String
    let port: Int
    let timeout: TimeAmount
    /// Set when the exporter serves HTTPS (`tls_server_config` in its web config).
    var tls: NIOSSLContext?

    init(probing address: ListenAddress, timeout: TimeAmount) {
        switch address.host {
        case "0.0.0.0": host = "127.0.0.1"
        case "::": host = "::1"
        default: host = address.host
        }
        port = address.port
        self.timeout = timeout
    }

    var url: String {
        let scheme = tls == nil ? "http" : "https"
        return host.contains(":") ? "\(scheme)://[\(host)]:\(port)/healthz" : "\(scheme)://\(host):\(port)/healthz"
    }

    /// No certificate check: the probe asks whether our own port answers, not who holds it.
    static func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }

    func statusCode() async throws -> Int {
        let deadline = NIODeadline.now() + timeout
        let target = try SocketAddress.makeAddressResolvingHost(host, port: port)
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(to: target) { [tls] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: nil)) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // Closing the connection at the deadline ends the read loop below.
        let timer = connection.channel.eventLoop.scheduleTask(deadline: deadline) { connection.channel.close(promise: nil) }
        defer { timer.cancel() }
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let request = "GET /healthz HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: kafka-pulse-healthcheck\r\nConnection: close\r\n\r\n"
        return try await connection.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var head = ByteBuffer()
            for try await var chunk in inbound {
                head.writeBuffer(&chunk)
                if let status = try Self.status(in: head) { return status }
            }
            throw HealthProbeError(NIODeadline.now() >= deadline ? "no answer within \(Self.seconds(timeout))" : "connection closed before an answer")
        }
    }

    /// The status code once the status line (`HTTP/1.1 200 OK`) is complete, nil before.
    static func status(in head: ByteBuffer) throws -> Int? {
        guard let end = head.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            guard head.readableBytes < 8192 else { throw HealthProbeError("no HTTP status line in the first 8 KiB") }
            return nil
        }
        let line = String(decoding: head.readableBytesView[..<end], as: UTF8.self)
        let fields = line.split(separator: " ", maxSplits: 2)
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/"), let code = Int(fields[1]) else {
            throw HealthProbeError("not an HTTP status line: \(line.prefix(80))")
        }
        return code
    }

    static func describe(_ error: any Error) -> String {
        if case ChannelError.connectTimeout = error { return "no connection within \(seconds(HealthcheckCommand.timeout))" }
        if let io = error as? IOError { return "cannot connect: \(String(cString: strerror(io.errnoCode)))" }
        if let probe = error as? HealthProbeError { return probe.message }
        if let tls = error as? NIOSSLError { return "TLS handshake failed: \(tls)" }
        return "\(error)"
    }

    static func seconds(_ amount: TimeAmount) -> String { "\(amount.nanoseconds / 1_000_000_000)s" }
}

/// Why a probe got no status code.
struct HealthProbeError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
