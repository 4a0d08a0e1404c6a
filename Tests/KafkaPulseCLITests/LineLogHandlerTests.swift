import Testing

@testable import PulseLogging

/// The log line's quoting, which the worker now does without Foundation's String(format:).
@Suite("Log line quoting")
struct LineLogHandlerTests {
    @Test("control characters become four-digit lowercase \\u escapes, as String(format: \"\\\\u%04x\") wrote them")
    func controlCharactersEscaped() {
        #expect(LineLogHandler.quoted("a\u{01}b\u{1f}c\u{0}") == #""a\u0001b\u001fc\u0000""#)
    }

    @Test("quotes, backslashes and the usual whitespace escapes keep their short forms")
    func shortEscapes() {
        #expect(LineLogHandler.quoted("\"\\\n\r\té🙂") == #""\"\\\n\r\té🙂""#)
    }
}
