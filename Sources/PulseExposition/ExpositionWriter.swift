/// Writes Prometheus text format 0.0.4 straight into a reusable byte buffer.
///
/// A series is written in three steps so that no label array or `String` is built per series:
///
///     writer.beginSeries("kafka_topic_partition_current_offset")
///     writer.label("topic", topic.name)
///     writer.label("partition", partition.partition)
///     writer.endSeries(latest)
struct ExpositionWriter {
    /// Internal rather than private so that `init(reusing:)` and `finish(into:)` can swap storage in
    /// and out without a copy-on-write copy.
    var bytes: [UInt8]
    /// Series written so far; the renderer compares it before and after a family to drop empty ones.
    private(set) var seriesCount = 0
    private var labelsInSeries = 0
    /// `--kafka.labels`, pre-rendered: opens every series' label set.
    var constantLabels: [UInt8] = []

    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Takes over `buffer`'s storage, leaving it empty, so that its capacity is reused.
    init(reusing buffer: inout [UInt8]) {
        bytes = []
        swap(&bytes, &buffer)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands the written bytes back to `buffer`, again without copying.
    mutating func finish(into buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
        bytes = []
    }

    var count: Int { bytes.count }

    /// Drops everything written after `mark`, keeping capacity.
    mutating func truncate(to mark: Int) {
        bytes.removeSubrange(mark...)
    }

    // MARK: Family header

    mutating func header(name: String, help: String, type: MetricType) {
        append("# HELP ")
        append(name)
        bytes.append(.space)
        appendEscapedHelp(help)
        append("\n# TYPE ")
        append(name)
        bytes.append(.space)
        append(type.rawValue)
        bytes.append(.newline)
    }

    // MARK: Series

    mutating func beginSeries(_ name: String) {
        append(name)
        labelsInSeries = 0
        if !constantLabels.isEmpty {
            bytes.append(.openBrace)
            bytes.append(contentsOf: constantLabels)
            labelsInSeries = 1
        }
    }

    mutating func label(_ name: String, _ value: String) {
        beginLabel(name)
        appendEscapedLabelValue(value)
        endLabel()
    }

    mutating func label(_ name: String, _ value: Int32) {
        beginLabel(name)
        appendInteger(Int64(value))
        endLabel()
    }

    /// Opens a label value that is written in pieces (such as `host:port`), so that no `String` has
    /// to be built for it; pieces must be escaped by the caller, and `endLabel()` closes it.
    mutating func beginLabel(_ name: String) {
        bytes.append(labelsInSeries == 0 ? .openBrace : .comma)
        labelsInSeries += 1
        append(name)
        bytes.append(.equals)
        bytes.append(.quote)
    }

    mutating func endLabel() {
        bytes.append(.quote)
    }

    mutating func endSeries(_ value: Int64) {
        closeLabels()
        appendInteger(value)
        bytes.append(.newline)
        seriesCount += 1
    }

    mutating func endSeries(_ value: Int) {
        endSeries(Int64(value))
    }

    mutating func endSeries(_ value: Double) {
        closeLabels()
        appendDouble(value)
        bytes.append(.newline)
        seriesCount += 1
    }

    /// Gauges that answer a yes/no question export 1 or 0.
    mutating func endSeries(_ value: Bool) {
        endSeries(value ? 1 : 0)
    }

    // An unlabelled series in one call.
    mutating func series(_ name: String, _ value: Int) {
        beginSeries(name)
        endSeries(value)
    }

    mutating func series(_ name: String, _ value: Double) {
        beginSeries(name)
        endSeries(value)
    }

    mutating func series(_ name: String, _ value: Bool) {
        beginSeries(name)
        endSeries(value)
    }

    /// Appends text that needs no escaping: metric names, label names, fixed tokens.
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    // MARK: Private

    private mutating func closeLabels() {
        if labelsInSeries > 0 { bytes.append(.closeBrace) }
        bytes.append(.space)
    }
}
