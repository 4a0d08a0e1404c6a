extension OffsetSeries {
    /// Lag in seconds of a consumer whose next message is at `committed`, on the partition whose
    /// end offsets this series holds, at time `now`.
    ///
    /// Message `committed` exists once the end offset exceeds it, so the estimate is the time `t*`
    /// at which the end offset reached `committed + 1`, and the lag is `now − t*`:
    /// - at or past the newest end offset: caught up, 0 (known from one observation);
    /// - between two observations: interpolated linearly between them;
    /// - before the oldest observation: extrapolated back from the produce rate of the history up
    ///   to the start of its newest level (an idle stretch at the end says nothing about the
    ///   pace before the history), capped at `capSeconds` so that a rewind to offset 0 on a busy
    ///   topic stays a sane number; without such a rate, the oldest observation's age (a lower
    ///   bound that keeps growing while the producer is idle);
    /// - nil with fewer than two observations and a lag: the first sample cannot date anything,
    ///   and a 0 would be a lie.
    public func lagSeconds(committed: Int64, now: Double, capSeconds: Double) -> LagTimeEstimate? {
        guard let newest = points.last else { return nil }
        if committed >= newest.offset { return .caughtUp }
        guard points.count >= 2, let first = points.first else { return nil }
        // committed < newest.offset <= Int64.max, so this cannot overflow.
        let target = committed + 1
        let seconds: Double
        let method: LagTimeEstimate.Method
        if let after = points.firstIndex(where: { $0.offset >= target }), after > 0 {
            let before = points[after - 1]
            let next = points[after]
            let fraction = Double(target - before.offset) / Double(next.offset - before.offset)
            seconds = now - (before.seconds + fraction * (next.seconds - before.seconds))
            method = .interpolated
        } else if let rate = produceRateBeforeNewestLevel, rate > 0 {
            let extrapolated = now - (first.seconds - Double(first.offset - target) / rate)
            seconds = min(extrapolated, max(capSeconds, now - first.seconds))
            method = .extrapolated
        } else {
            seconds = now - first.seconds
            method = .lowerBound
        }
        // A clock that stepped back can put `now` before an observation: never a negative age.
        return LagTimeEstimate(seconds: max(0, seconds), method: method)
    }

    /// Offsets per second from the oldest point to the first point of the newest level; nil when
    /// the history holds only one level. Offsets never fall within a series, so it is positive.
    var produceRateBeforeNewestLevel: Double? {
        guard let levelStart = levelStartIndex, levelStart > 0, let first = points.first else { return nil }
        let start = points[levelStart]
        let elapsed = start.seconds - first.seconds
        guard elapsed > 0 else { return nil }
        return Double(start.offset - first.offset) / elapsed
    }
}
