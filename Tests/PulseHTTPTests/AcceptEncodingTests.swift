import Testing

@testable import PulseHTTP

@Suite("Accept-Encoding")
struct AcceptEncodingTests {
    @Test(
        "gzip is accepted when listed, in any case, or through a wildcard, unless its quality is 0",
        arguments: [
            ("gzip", true),
            ("GZIP", true),
            ("x-gzip", true),
            ("deflate, gzip;q=0.5", true),
            ("deflate , gzip ; q=0.5", true),
            ("*", true),
            ("gzip;q=0", false),
            ("gzip; q=0.0", false),
            ("br", false),
            ("deflate, br", false),
            ("", false),
        ] as [(String, Bool)])
    func acceptsGzip(_ header: String, _ accepted: Bool) {
        #expect(AcceptEncoding.acceptsGzip(header) == accepted)
    }

    @Test("no Accept-Encoding header means no gzip")
    func missingHeaderRefusesGzip() {
        #expect(!AcceptEncoding.acceptsGzip(nil))
    }

    @Test("gzip refused by name stays refused when a wildcard follows (RFC 9110 §12.5.3)")
    func explicitRefusalBeatsWildcard() {
        #expect(!AcceptEncoding.acceptsGzip("gzip;q=0, *"))
        #expect(!AcceptEncoding.acceptsGzip("*, gzip;q=0"))
    }
}
