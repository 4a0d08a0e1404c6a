extension ExpositionWriter {
    /// An integer label value that may be unknown (a controller or coordinator id): its digits, or
    /// an empty value when nil. Empty is what Prometheus treats as an absent label.
    mutating func label(_ name: String, _ value: Int32?) {
        beginLabel(name)
        if let value { appendInteger(Int64(value)) }
        endLabel()
    }

    /// A yes/no label value, spelled `true` or `false`.
    mutating func label(_ name: String, _ value: Bool) {
        beginLabel(name)
        append(value ? "true" : "false")
        endLabel()
    }

    // Openers for the label sets most families share, so that their label names and order cannot
    // drift apart between families.

    mutating func beginTopicSeries(_ name: String, topic: String) {
        beginSeries(name)
        label("topic", topic)
    }

    mutating func beginPartitionSeries(_ name: String, topic: String, partition: Int32) {
        beginSeries(name)
        label("topic", topic)
        label("partition", partition)
    }

    mutating func beginGroupSeries(_ name: String, group: String) {
        beginSeries(name)
        label("consumergroup", group)
    }

    mutating func beginGroupTopicSeries(_ name: String, group: String, topic: String) {
        beginSeries(name)
        label("consumergroup", group)
        label("topic", topic)
    }
}
