import Foundation

/// One Alertmanager to notify: its base URL (as given, it labels the self-metrics) and where its
/// alerts endpoint is.
public struct AlertmanagerTarget: Hashable, Sendable {
    /// The URL as given on the command line, without a trailing slash.
    public let url: String
    /// `<url>/api/v2/alerts`.
    public let alertsEndpoint: String

    /// nil when `url` is not an http(s) URL with a host, or carries credentials (they would show in
    /// the self-metrics' `alertmanager` label; basic auth has its own flags).
    public init?(url: String) {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.query == nil, components.fragment == nil
        else { return nil }
        self.url = trimmed
        self.alertsEndpoint = trimmed + "/api/v2/alerts"
    }
}
