import Testing

@testable import PulseExposition

@Suite("Escaping")
struct EscapingTests {
    @Test("label values escape backslash, double quote and newline")
    func labelValueEscapesBackslashQuoteAndNewline() {
        #expect(labelLine(#"a"b\c"# + "\nd") == #"m{l="a\"b\\c\nd"} 1"# + "\n")
    }

    @Test("label values pass UTF-8, emoji and other punctuation through as bytes")
    func labelValuePassesUnicodeThrough() {
        let value = "ünïcödé-α-🚀-日本語 {x}=',\t"
        #expect(labelLine(value) == "m{l=\"\(value)\"} 1\n")
    }

    @Test("an empty label value is written as empty quotes")
    func emptyLabelValue() {
        #expect(labelLine("") == "m{l=\"\"} 1\n")
    }

    @Test("HELP escapes backslash and newline but not double quote")
    func helpEscapesBackslashAndNewlineOnly() {
        var writer = ExpositionWriter()
        writer.header(name: "m", help: #"say "hi" \ bye"# + "\nnext 🚀", type: .gauge)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"""
            # HELP m say "hi" \\ bye\nnext 🚀
            # TYPE m gauge

            """#)
    }

    @Test("labels after the first are comma-separated, integer labels are quoted")
    func severalLabels() {
        var writer = ExpositionWriter()
        writer.beginSeries("m")
        writer.label("topic", "t")
        writer.label("partition", 12)
        writer.endSeries(3)
        writer.series("n", 4)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "m{topic=\"t\",partition=\"12\"} 3\nn 4\n")
    }

    private func labelLine(_ value: String) -> String {
        var writer = ExpositionWriter()
        writer.beginSeries("m")
        writer.label("l", value)
        writer.endSeries(1)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
