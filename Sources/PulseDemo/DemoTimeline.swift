import PulseCore

/// The demo's script as pure functions of the time since the shop started, so the loops only ask
/// "what now?" and the timings live in one place.
struct DemoTimeline: Sendable {
    /// Orders per second outside bursts.
    var orderRate = 20.0
    /// Orders per second during a burst (a flash sale).
    var burstOrderRate = 100.0
    /// A burst starts every `burstPeriod` (first one after one period) and lasts `burstLength`.
    var burstPeriod: Duration = .seconds(30)
    var burstLength: Duration = .seconds(3)
    /// A new user signs up this often.
    var userRegistrationPeriod: Duration = .seconds(3)
    /// The lagging service handles at most `slowProcessingRate` records per second until then.
    /// Timings fit the first minute: with the demo's 2 s samples and a 10-sample status window,
    /// the stop shows from about 25 s, the lag as a warning from about 20 s until the outage.
    var slowPhaseEnd: Duration = .seconds(50)
    var slowProcessingRate = 8.0
    /// The stalling service stops handling and committing from then on.
    var stallStart: Duration = .seconds(15)
    /// The rewinding service moves its committed offsets back by `rewindDepth` records per
    /// partition then, and replays at `replayRate` records per second for `replayLength`: slower
    /// than a real replay so the rewind stays visible for a few samples.
    var rewindAt: Duration = .seconds(40)
    var rewindDepth: Int64 = 200
    var replayRate = 40.0
    var replayLength: Duration = .seconds(30)
    /// This broker is down during `outage`, then comes back for good.
    var outageBroker = 2
    var outage: Range<Duration> = .seconds(45) ..< .seconds(105)

    func isBursting(at elapsed: Duration) -> Bool {
        guard elapsed >= burstPeriod else { return false }
        let intoPeriod = elapsed.inSeconds.truncatingRemainder(dividingBy: burstPeriod.inSeconds)
        return intoPeriod < burstLength.inSeconds
    }

    func orderRate(at elapsed: Duration) -> Double {
        isBursting(at: elapsed) ? burstOrderRate : orderRate
    }

    func isBrokerDown(at elapsed: Duration) -> Bool {
        outage.contains(elapsed)
    }

    /// Records per second the service may handle now; nil means as fast as they come.
    func processingLimit(_ behaviour: ShopService.Behaviour, at elapsed: Duration) -> Double? {
        switch behaviour {
        case .lagsThenCatchesUp where elapsed < slowPhaseEnd: slowProcessingRate
        case .rewindsOnce where (rewindAt ..< rewindAt + replayLength).contains(elapsed): replayRate
        default: nil
        }
    }

    func shouldRewind(_ behaviour: ShopService.Behaviour, at elapsed: Duration) -> Bool {
        behaviour == .rewindsOnce && elapsed >= rewindAt
    }

    func isStalled(_ behaviour: ShopService.Behaviour, at elapsed: Duration) -> Bool {
        behaviour == .stalls && elapsed >= stallStart
    }
}
