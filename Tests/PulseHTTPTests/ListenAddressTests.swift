import PulseHTTP
import Testing

@Suite("Listen address")
struct ListenAddressTests {
    @Test("a bare port listens on all IPv4 interfaces")
    func barePortIsAllInterfaces() throws {
        let address = try #require(ListenAddress(parsing: ":9308"))
        #expect(address.host == "0.0.0.0")
        #expect(address.port == 9308)
        #expect(address.description == "0.0.0.0:9308")
    }

    @Test("host and port are taken as given")
    func hostAndPort() throws {
        let address = try #require(ListenAddress(parsing: "127.0.0.1:1"))
        #expect(address.host == "127.0.0.1")
        #expect(address.port == 1)
    }

    @Test("a bracketed IPv6 host loses its brackets, and gets them back in the description")
    func bracketedIPv6() throws {
        let address = try #require(ListenAddress(parsing: "[::1]:9308"))
        #expect(address.host == "::1")
        #expect(address.port == 9308)
        #expect(address.description == "[::1]:9308")
    }

    @Test(
        "text that is not host:port is refused", arguments: ["nope", ":99999", ":", "", "host:", "host:http", "a b:80"])
    func invalidRefused(_ text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }
}
