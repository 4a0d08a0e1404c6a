import PulseCore
import Testing

@Suite("A secret file's text is its content without trailing line breaks")
struct SecretFileTextTests {
    @Test("trailing LF and CRLF go, inner and other whitespace stays", arguments: [
        ("pw\n", "pw"), ("pw\r\n", "pw"), ("pw\n\n", "pw"), ("pw", "pw"), (" pw \n", " pw "), ("a\nb\n", "a\nb"), ("\n", ""),
    ])
    func trimming(content: String, expected: String) {
        #expect(SecretFileText.value(of: Array(content.utf8)) == expected)
    }
}
