internal import CRDKafka

public enum Librdkafka {
    /// The version of the librdkafka actually loaded at run time (for example `2.8.0`).
    public static var version: String { String(cString: rd_kafka_version_str()) }

    /// The oldest librdkafka whose admin API and ApiVersions handling this exporter relies on.
    public static let minimumVersionNumber: Int32 = 0x0203_00ff

    public static var isSupported: Bool { rd_kafka_version() >= minimumVersionNumber }
}
