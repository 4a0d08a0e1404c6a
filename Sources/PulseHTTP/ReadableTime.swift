import FoundationEssentials

/// Times on the index page as a person reads them: the moment in ISO 8601 UTC and how long ago it was.
enum ReadableTime {
    /// `2026-12-06T07:12:03Z (14 s ago)`; `now` is passed in so the text follows from its inputs.
    static func moment(_ unixSeconds: Double, now: Double) -> String {
        "\(iso8601(unixSeconds)) (\(age(now - unixSeconds)) ago)"
    }

    static func iso8601(_ unixSeconds: Double) -> String {
        Date(timeIntervalSince1970: unixSeconds.rounded(.down)).formatted(.iso8601)
    }

    /// Whole seconds up to a minute, then the two largest units: `14 s`, `3 min 5 s`, `2 h 4 min`, `3 d 1 h`.
    /// A moment after `now` (the clock stepped back) reads as `0 s`, not a negative age.
    static func age(_ seconds: Double) -> String {
        let total = seconds.isFinite ? max(0, Int(seconds.rounded(.down))) : 0
        let (days, hours, minutes, secs) = (total / 86_400, total / 3_600 % 24, total / 60 % 60, total % 60)
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) min" }
        if minutes > 0 { return "\(minutes) min \(secs) s" }
        return "\(secs) s"
    }
}
