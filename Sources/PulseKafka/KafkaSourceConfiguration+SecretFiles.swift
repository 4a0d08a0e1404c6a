import FoundationEssentials
import PulseCore

extension KafkaSourceConfiguration {
    /// `clientProperties` with each secret file read now, when the client is built: a worker
    /// started after the file was rotated gets the new secret. An explicit property wins over a file.
    func propertiesWithSecrets() throws(KafkaReadError) -> [String: String] {
        var properties = clientProperties
        for (key, path) in secretFiles where properties[key] == nil {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KafkaReadError(.invalidConfiguration, "cannot read the secret file \(path) for librdkafka property \(key)")
            }
            properties[key] = SecretFileText.value(of: [UInt8](data))
        }
        return properties
    }
}
