/// Burrow's consumer status rules, on a sliding window of the last `window` observations of a
/// group on a partition.
///
/// Burrow sees every commit; the exporter samples committed offsets, so it cannot see a group
/// re-committing the same offset. Where Burrow tells "still committing, offset frozen" (stall) from
/// "no commits any more" (stop) by commit times, this uses membership: members present and the
/// offset frozen is a stall; no members (or membership unknown) and no progress for longer than
/// the window is a stop.
public struct StatusRules: Hashable, Sendable {
    /// Observations per partition that a status needs; fewer are "too little history" (ok).
    public var window: Int
    /// Lag (in messages) still counted as caught up.
    public var allowedLag: Int64

    public init(window: Int = 10, allowedLag: Int64 = 0) {
        self.window = max(2, window)
        self.allowedLag = max(0, allowedLag)
    }

    /// The status of one partition, in Burrow's order (the first rule that applies wins):
    /// 1. error: the lag at the newest observation is unknown;
    /// 2. ok: fewer than `window` observations, or the lag is within the allowed lag now;
    /// 3. stop: no members, and the time since the committed offset last moved exceeds the span
    ///    from the window's first observation to that move (Burrow's "time since the newest commit
    ///    exceeds the window");
    /// 4. rewind: the committed offset went backwards within the window and has not come back;
    /// 5. ok: the lag was within the allowed lag at some observation of the window;
    /// 6. stall: the committed offset did not move across the window;
    /// 7. warning: the lag never decreased from one observation to the next;
    /// 8. ok.
    ///
    /// - Parameters:
    ///   - observations: the window, oldest first (`StatusWindow.observations`).
    ///   - now: the time of the evaluation (the sample's time).
    ///   - membersPresent: whether the group has members; false when unknown.
    public func evaluate(_ observations: [StatusWindow.Observation], now: Double, membersPresent: Bool) -> ConsumerStatus {
        guard let newest = observations.last, let first = observations.first else { return .ok }
        guard let lag = newest.lag else { return .error }
        if observations.count < window || lag <= allowedLag { return .ok }

        // The first observation of the newest committed offset: as close as sampling gets to the
        // time of the newest commit. When the offset is frozen across the whole window this is
        // the window's first observation, and any time since then is a stop without members.
        var runStart = observations.count - 1
        while runStart > 0, observations[runStart - 1].committed == newest.committed { runStart -= 1 }
        let movedAt = observations[runStart].seconds

        if !membersPresent, now - movedAt > movedAt - first.seconds { return .stop }
        if observations.contains(where: { $0.committed > newest.committed }) { return .rewind }
        if observations.contains(where: { ($0.lag ?? .max) <= allowedLag }) { return .ok }
        if runStart == 0 { return .stall }
        if lagNeverDecreased(observations) { return .warning }
        return .ok
    }

    /// Consecutive known lags only: an observation with an unknown end offset is a gap, neither a
    /// rise nor a fall.
    private func lagNeverDecreased(_ observations: [StatusWindow.Observation]) -> Bool {
        var previous: Int64?
        for observation in observations {
            guard let lag = observation.lag else { continue }
            if let previous, lag < previous { return false }
            previous = lag
        }
        return true
    }
}
