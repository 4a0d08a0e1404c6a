import ArgumentParser
import Foundation
import PulseConfig
import PulseLogging
import PulseExposition
import PulseWebConfig

/// What each kafka_exporter flag means for kafka-pulse: a setting it maps to, one info line when it
/// has no meaning here, or a refusal when honouring it is impossible.
extension KafkaExporterFlags {
    /// `--kafka.labels name=value,name2=value2`. Empty pieces are skipped (a trailing comma, an
    /// empty `--kafka.labels=` from a template); kafka_exporter silently dropped a piece without
    /// `=`, kafka-pulse refuses it rather than start without a label the dashboards filter on.
    ///
    /// - Parameter cluster: `--cluster.name` (or the `clusters:` entry's name), the first label.
    func constantLabels(cluster: String? = nil) throws -> ConstantLabels {
        var pairs: [(name: String, value: String)] = cluster.map { [("cluster", $0)] } ?? []
        guard let kafkaLabels else { return try ConstantLabels(pairs) }
        for piece in kafkaLabels.split(separator: ",").map({ $0.trimmingSpaces() }) where !piece.isEmpty {
            guard let equals = piece.firstIndex(of: "=") else {
                throw ValidationError("--kafka.labels \(kafkaLabels): expected name=value[,name=value…], got '\(piece)'")
            }
            let name = String(piece[..<equals].trimmingSpaces())
            if cluster != nil, name == "cluster" {
                throw ValidationError("--kafka.labels \(kafkaLabels): the cluster label comes from the cluster's name (--cluster.name or clusters:); leave it out here")
            }
            pairs.append((name, String(piece[piece.index(after: equals)...])))
        }
        do {
            return try ConstantLabels(pairs)
        } catch {
            throw ValidationError("--kafka.labels \(kafkaLabels): \(error)")
        }
    }

    /// kafka_exporter's klog verbosity: 0 is its normal output, 1 and up add debug lines. Sarama's
    /// log is the Kafka client's own; kafka-pulse's client (librdkafka) logs through the same logger,
    /// so asking for it means debug.
    func logLevel(_ level: LogLevelFlag) -> LogLevelFlag {
        (verbosity ?? 0) >= 1 || logEnableSarama == true ? .debug : level
    }

    /// `--no-offset.show-all`: kafka_exporter then shows offsets and lag only for groups with
    /// members (the partitions assigned to them). The nearest here: leave out groups without
    /// members (state `empty`).
    var excludedGroupStates: [String] { offsetShowAll == false ? ["empty"] : [] }

    /// `--server.tls.*` as a web config: HTTPS with the certificate, and with
    /// `--server.tls.mutual-auth-enabled` a client certificate signed by `--server.tls.ca-file`
    /// required, as kafka_exporter's `tls.RequireAndVerifyClientCert`. nil without
    /// `--server.tls.enabled` (kafka_exporter ignores the other four then, and so does kafka-pulse).
    func webConfig() -> WebConfig? {
        guard serverTLSEnabled == true, let cert = serverTLSCertFile.nonEmpty, let key = serverTLSKeyFile.nonEmpty else { return nil }
        let mutual = serverTLSMutualAuth == true
        return WebConfig(
            tlsServer: WebConfig.TLSServer(
                certFile: cert, keyFile: key, clientAuth: mutual ? .requireAndVerifyClientCert : .noClientCert,
                clientCAFile: mutual ? serverTLSCAFile.nonEmpty : nil))
    }

    func checkServerTLS() throws {
        guard serverTLSEnabled == true else { return }
        guard let cert = serverTLSCertFile.nonEmpty, let key = serverTLSKeyFile.nonEmpty else {
            throw ValidationError("--server.tls.enabled needs --server.tls.cert-file and --server.tls.key-file")
        }
        if serverTLSMutualAuth == true, serverTLSCAFile.nonEmpty == nil {
            throw ValidationError(
                "--server.tls.mutual-auth-enabled needs --server.tls.ca-file: without it no client certificate can be verified")
        }
        let files = [("--server.tls.cert-file", cert), ("--server.tls.key-file", key)]
            + (serverTLSMutualAuth == true ? [("--server.tls.ca-file", serverTLSCAFile ?? "")] : [])
        for (flag, path) in files where !FileManager.default.isReadableFile(atPath: path) {
            throw ValidationError("\(flag) \(path): cannot read the file")
        }
    }

    /// librdkafka as shipped is built without GSSAPI (no `sasl_gssapi` in `builtin.features`).
    func checkKerberos() throws {
        let given: [(String, String?)] = [
            ("--sasl.service-name", kerberosServiceName), ("--sasl.kerberos-config-path", kerberosConfigPath),
            ("--sasl.realm", kerberosRealm), ("--sasl.kerberos-auth-type", kerberosAuthType), ("--sasl.keytab-path", kerberosKeytabPath),
        ]
        let flag = given.first { $0.1.nonEmpty != nil }?.0 ?? (kerberosDisablePAFXFast == true ? "--sasl.disable-PA-FX-FAST" : nil)
        if let flag {
            throw ValidationError("\(flag): Kerberos (SASL GSSAPI) is not supported: kafka-pulse's librdkafka is built without GSSAPI")
        }
    }

    /// The checks that involve kafka-pulse's own flags.
    func check(security: KafkaSecurityOptions, webConfigFile: String?) throws {
        if serverTLSEnabled == true, webConfigFile != nil {
            throw ValidationError("--server.tls.enabled and --web.config.file both configure HTTPS; keep one (--web.config.file can say everything the --server.tls.* flags do)")
        }
        if saslHandshake == false, security.saslEnabled {
            throw ValidationError(
                "--sasl.handshake=false: librdkafka always sends Kafka's SaslHandshake, so a SASL proxy that does not speak it cannot be used")
        }
    }

    /// One line per given flag that changes nothing here, saying why; logged once at start-up.
    var notes: [String] {
        var notes: [String] = []
        func note(_ given: Bool, _ text: String) { if given { notes.append(text) } }
        note(kafkaVersion != nil, "--kafka.version is accepted and ignored: librdkafka negotiates each request's version with the brokers")
        note(refreshMetadata != nil, "--refresh.metadata is accepted and ignored: kafka-pulse reads the cluster metadata in every sample (--sample.interval)")
        note(topicWorkers != nil, "--topic.workers is accepted and ignored: kafka-pulse asks each broker for all its partitions' offsets in one request")
        note(groupWorkers != nil, "--group.workers is accepted and ignored: see --kafka.group-offsets-concurrency")
        note(groupMetricsTimeout != nil, "--group.metrics.timeout is accepted and ignored: a sample ends at its deadline (90 % of --sample.interval)")
        note(concurrentEnable != nil, "--concurrent.enable is accepted and ignored: scrapes never reach Kafka; every scrape is served the last sample")
        note(allowAutoTopicCreation != nil, "--kafka.allow-auto-topic-creation is accepted and ignored: kafka-pulse never asks for a topic that does not exist")
        note(saslHandshake != nil, "--sasl.handshake is accepted and ignored: librdkafka always sends the SaslHandshake")
        note(saslAWSRegion.nonEmpty != nil, "--sasl.aws-region is accepted and ignored: AWS MSK IAM is not supported (use SCRAM)")
        note(!zookeeperServers.isEmpty, "--zookeeper.server is accepted and ignored: without --use.consumelag.zookeeper kafka_exporter does not use it either")
        note(useZooKeeperLag == false, "--no-use.consumelag.zookeeper is kafka-pulse's only mode: offsets come from Kafka")
        note(offsetShowAll == true, "--offset.show-all is kafka-pulse's default: committed offsets of every group are shown")
        note(offsetShowAll == false, "--no-offset.show-all: groups without members (state empty) are left out, as with --group.exclude-state empty")
        note(serverTLSEnabled != true && [serverTLSCertFile, serverTLSKeyFile, serverTLSCAFile].contains { $0 != nil },
             "--server.tls.* files are ignored without --server.tls.enabled, as in kafka_exporter")
        if let name = tlsServerName.nonEmpty {
            notes.append(
                "--tls.server-name \(name): librdkafka verifies each broker's certificate against that broker's own host name (the bootstrap or advertised one), not one name for all; the certificates must name them")
        }
        note((verbosity ?? 0) >= 1, "--verbosity \(verbosity ?? 0): logging at debug level")
        note(logEnableSarama == true, "--log.enable-sarama: logging at debug level, librdkafka's messages included")
        return notes
    }
}
