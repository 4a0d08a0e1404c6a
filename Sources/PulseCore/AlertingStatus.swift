/// The in-process alerting's own numbers, carried in the snapshot so the page can show them.
/// nil on a snapshot when no Alertmanager is configured (the families then write nothing).
public struct AlertingStatus: Hashable, Sendable {
    /// Firing alerts per alert name; every rule's name is present, 0 included.
    public var firing: [String: Int]
    /// Notification requests (POST /api/v2/alerts) per Alertmanager URL, failed ones included.
    public var notifications: [String: Int]
    /// Notification requests that failed (connection error, timeout, non-2xx) per Alertmanager URL.
    public var failedNotifications: [String: Int]

    public init(firing: [String: Int] = [:], notifications: [String: Int] = [:], failedNotifications: [String: Int] = [:]) {
        self.firing = firing
        self.notifications = notifications
        self.failedNotifications = failedNotifications
    }
}
