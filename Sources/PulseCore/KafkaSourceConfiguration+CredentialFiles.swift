extension KafkaSourceConfiguration {
    /// Files the worker's client reads when it is built: secret files and librdkafka's TLS/Kerberos
    /// file properties. librdkafka reads them once, at client creation, so a change means the worker
    /// must be replaced to see it.
    public var credentialFiles: [String] {
        let fileProperties = clientProperties.filter { key, _ in
            key.hasSuffix(".location") || key == "sasl.kerberos.keytab"
        }
        return Set(secretFiles.values).union(fileProperties.values).sorted()
    }
}
