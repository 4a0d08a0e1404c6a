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
    var slowPhaseEnd: Duration = .seconds(40)
    var slowProcessingRate = 8.0
    /// The stalling service stops handling and committing from then on.
    var stallStart: Duration = .seconds(30)
    /// This broker is down during `outage`, then comes back for good.
    var outageBroker = 2
    var outage: Range<Duration> = .seconds(45) ..< .seconds(105)

    func isBursting(at elapsed: Duration) -> Bool {
        guard elapsed >= burstPeriod else { return false }
        let intoPeriod = Self.seconds(elapsed).truncatingRemainder(dividingBy: Self.seconds(burstPeriod))
        return intoPeriod < Self.seconds(burstLength)
    }

    func orderRate(at elapsed: Duration) -> Double {
        isBursting(at: elapsed) ? burstOrderRate : orderRate
    }

    func isBrokerDown(at elapsed: Duration) -> Bool {
        outage.contains(elapsed)
    }

    /// Records per second the service may handle now; nil means as fast as they come.
    func processingLimit(_ behaviour: ShopService.Behaviour, at elapsed: Duration) -> Double? {
        behaviour == .lagsThenCatchesUp && elapsed < slowPhaseEnd ? slowProcessingRate : nil
    }

    func isStalled(_ behaviour: ShopService.Behaviour, at elapsed: Duration) -> Bool {
        behaviour == .stalls && elapsed >= stallStart
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
