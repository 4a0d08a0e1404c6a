extension ExpositionWriter {
    /// Label values escape backslash, double quote and newline; every other byte, including
    /// multi-byte UTF-8 such as emoji, passes through unchanged.
    mutating func appendEscapedLabelValue(_ value: String) {
        appendEscaped(value, escapingQuote: true)
    }

    /// HELP text escapes only backslash and newline: a quote cannot end it.
    mutating func appendEscapedHelp(_ text: String) {
        appendEscaped(text, escapingQuote: false)
    }

    private mutating func appendEscaped(_ text: String, escapingQuote: Bool) {
        let utf8 = text.utf8
        // Byte-wise escaping is safe because UTF-8 continuation and lead bytes are all >= 0x80,
        // so they never collide with the ASCII characters escaped here.
        let needsEscaping = utf8.contains { byte in
            byte == .backslash || byte == .newline || (escapingQuote && byte == .quote)
        }
        guard needsEscaping else {
            bytes.append(contentsOf: utf8)
            return
        }
        for byte in utf8 {
            switch byte {
            case .backslash:
                bytes.append(.backslash)
                bytes.append(.backslash)
            case .newline:
                bytes.append(.backslash)
                bytes.append(.letterN)
            case .quote where escapingQuote:
                bytes.append(.backslash)
                bytes.append(.quote)
            default:
                bytes.append(byte)
            }
        }
    }
}
