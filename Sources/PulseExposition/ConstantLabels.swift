/// Labels added to every series on the page, such as `cluster="prod"` to tell clusters apart when
/// one Prometheus scrapes several exporters (kafka_exporter's `--kafka.labels`). Rendered to bytes
/// once, here, so that the writer copies them into each series without building anything.
public struct ConstantLabels: Sendable, Hashable {
    public let pairs: [Pair]
    /// `name="escaped value",name2="…"`, without braces; empty when there are no labels.
    let rendered: [UInt8]

    public struct Pair: Sendable, Hashable {
        public let name: String
        public let value: String
    }

    /// No labels: the page is byte for byte what it is without the feature.
    public init() {
        pairs = []
        rendered = []
    }

    /// Checks every name, so that the page stays valid text format: a name must be a Prometheus
    /// label name, not reserved (`__…`), not one a kafka-pulse family uses (a series would carry it
    /// twice) and not given twice.
    public init(_ pairs: [(name: String, value: String)]) throws(ConstantLabelsError) {
        var seen = Set<String>()
        for (name, _) in pairs {
            guard Self.isValidName(name) else {
                throw ConstantLabelsError("\(name.isEmpty ? "an empty name" : "'\(name)'") is not a label name: letters, digits and _, not starting with a digit")
            }
            guard !name.hasPrefix("__") else { throw ConstantLabelsError("'\(name)': names starting with __ are reserved by Prometheus") }
            guard !Self.familyLabelNames.contains(name) else {
                throw ConstantLabelsError("'\(name)' is already a label of kafka-pulse's series; choose another name")
            }
            guard seen.insert(name).inserted else { throw ConstantLabelsError("'\(name)' is given twice") }
        }
        self.pairs = pairs.map { Pair(name: $0.name, value: $0.value) }
        var writer = ExpositionWriter()
        for (index, pair) in pairs.enumerated() {
            if index > 0 { writer.bytes.append(.comma) }
            writer.append(pair.name)
            writer.bytes.append(.equals)
            writer.bytes.append(.quote)
            writer.appendEscapedLabelValue(pair.value)
            writer.bytes.append(.quote)
        }
        rendered = writer.bytes
    }

    public var isEmpty: Bool { pairs.isEmpty }

    /// Every label name a family writes; `ConstantLabelsTests` checks the rendered fixture page
    /// against it, so a new label cannot be forgotten here.
    public static let familyLabelNames: Set<String> = [
        "address", "alertmanager", "alertname", "api", "assignor", "cleanup_policy", "cluster_id", "consumergroup", "controller_id", "coordinator",
        "group", "id", "index", "is_controller", "kind", "librdkafka_version", "method", "mode", "partition", "phase", "rack", "reason",
        "shard", "state", "status", "topic", "total", "type", "version",
    ]

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

/// Why a set of constant labels was refused; the message names the label.
public struct ConstantLabelsError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
