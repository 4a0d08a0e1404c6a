import Logging
import PulseCore
import PulseKafka

/// The storefront: customers place orders (keyed by order id, so one order's events share a
/// partition) at the timeline's rate, and now and then a new user signs up.
struct OrderTraffic: Sendable {
    let producer: DemoProducer
    let timeline: DemoTimeline
    let logger: Logger

    static let ordersTopic = "orders.events"
    static let usersTopic = "users.events"
    /// Short enough for smooth rates, long enough to keep the loop's own cost negligible.
    private static let tick = Duration.milliseconds(50)

    func run(startedAt start: ContinuousClock.Instant, loops: BackgroundLoops) {
        var owedOrders = 0.0
        var lastOrderID = 100_000
        var lastUserID = 1_000
        var nextSignUp = Duration.zero
        var lastTick = start
        var wasBursting = false
        while !loops.isStopping {
            let now = ContinuousClock.now
            let elapsed = now - start
            // Owed orders follow the real time passed, so a late wake-up does not lower the rate.
            owedOrders += timeline.orderRate(at: elapsed) * (now - lastTick).inSeconds
            lastTick = now

            let bursting = timeline.isBursting(at: elapsed)
            if bursting, !wasBursting {
                logger.info("demo: order burst", metadata: ["pulse.demo.orders_per_second": "\(timeline.burstOrderRate)"])
            }
            wasBursting = bursting

            while owedOrders >= 1 {
                owedOrders -= 1
                lastOrderID += 1
                let order = ShopEvent(
                    type: "OrderCreated",
                    fields: [
                        ("order_id", lastOrderID), ("user_id", Int.random(in: 1...lastUserID)), ("items", Int.random(in: 1...5)),
                        ("amount_cents", Int.random(in: 499...25_000)),
                    ])
                producer.send(topic: Self.ordersTopic, key: String(lastOrderID), payload: order.json)
            }
            if elapsed >= nextSignUp {
                nextSignUp += timeline.userRegistrationPeriod
                lastUserID += 1
                let signUp = ShopEvent(type: "UserRegistered", fields: [("user_id", lastUserID)])
                producer.send(topic: Self.usersTopic, key: String(lastUserID), payload: signUp.json)
            }
            producer.serveEvents()
            sleepThread(for: Self.tick)
        }
    }
}
