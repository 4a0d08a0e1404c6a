import PulseAlertmanager
import Testing

@Suite("Alertmanager URLs")
struct AlertmanagerTargetTests {
    @Test("the alerts endpoint is under the given URL, a path prefix kept")
    func endpoint() {
        #expect(AlertmanagerTarget(url: "http://am:9093")?.alertsEndpoint == "http://am:9093/api/v2/alerts")
        #expect(AlertmanagerTarget(url: "https://am/prefix/")?.alertsEndpoint == "https://am/prefix/api/v2/alerts")
    }

    @Test("URLs without http(s) or host, or with credentials, are refused", arguments: [
        "am:9093", "ftp://am", "http://", "http://user:secret@am:9093", "http://am:9093/?x=1",
    ])
    func refused(url: String) {
        #expect(AlertmanagerTarget(url: url) == nil)
    }
}
