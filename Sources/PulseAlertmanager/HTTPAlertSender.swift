import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Posts batches with async-http-client, one shared client (and connection pool) for every
/// Alertmanager, with the TLS and basic-auth settings of the command line.
public struct HTTPAlertSender: AlertSender {
    public struct Options: Sendable {
        /// PEM file of the CA(s) that signed the Alertmanagers' certificates; nil: the system's.
        public var caFile: String?
        public var insecureSkipVerify: Bool
        public var basicAuth: (username: String, password: String)?
        public var timeout: Duration

        public init(
            caFile: String? = nil, insecureSkipVerify: Bool = false, basicAuth: (username: String, password: String)? = nil,
            timeout: Duration = .seconds(10)
        ) {
            self.caFile = caFile
            self.insecureSkipVerify = insecureSkipVerify
            self.basicAuth = basicAuth
            self.timeout = timeout
        }
    }

    private let client: HTTPClient
    private let authorization: String?
    private let timeout: TimeAmount

    /// Throws when the CA file cannot be read as PEM certificates.
    public init(options: Options) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = options.caFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        if options.insecureSkipVerify { tls.certificateVerification = .none }
        let timeout = TimeAmount.milliseconds(Int64(options.timeout.components.seconds * 1000))
        self.client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                tlsConfiguration: tls, timeout: .init(connect: .seconds(5), read: timeout)))
        self.timeout = timeout
        self.authorization = options.basicAuth.map {
            "Basic " + Data("\($0.username):\($0.password)".utf8).base64EncodedString()
        }
    }

    public func send(_ body: Data, to target: AlertmanagerTarget) async throws {
        var request = HTTPClientRequest(url: target.alertsEndpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "kafka-pulse")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw AlertmanagerError(.unreachable, "\(target.alertsEndpoint): \(error)")
        }
        let answer = (try? await response.body.collect(upTo: 16 * 1024)).map { String(buffer: $0) } ?? ""
        guard (200..<300).contains(response.status.code) else {
            throw AlertmanagerError(.rejected, "\(target.alertsEndpoint): HTTP \(response.status.code): \(answer.prefix(300))")
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
