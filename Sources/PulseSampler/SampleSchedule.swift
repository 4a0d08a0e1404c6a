/// When the next sample starts. Samples never overlap: one that overran its slot is followed by
/// the next at once, and the schedule realigns from there instead of firing a burst to catch up.
public struct SampleSchedule: Sendable {
    public let interval: Duration
    public private(set) var overruns = 0

    public init(interval: Duration) {
        self.interval = interval
    }

    /// The start of the sample after one that started at `started` and finished at `finished`.
    public mutating func next(
        afterStart started: ContinuousClock.Instant, finishedAt finished: ContinuousClock.Instant
    ) -> ContinuousClock.Instant {
        let due = started.advanced(by: interval)
        if finished >= due {
            overruns += 1
            return finished
        }
        return due
    }
}
