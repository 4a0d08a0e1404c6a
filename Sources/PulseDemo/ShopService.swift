/// One simulated service of the shop: the consumer group it commits as, the topic it reads, and
/// the event it emits for each record it handles.
struct ShopService: Sendable {
    /// How the group's committed offsets move; the exporter only ever sees those.
    enum Behaviour: Sendable {
        /// Commits what it read every second: lag stays near zero.
        case keepsUp
        /// Handles fewer records than arrive for a while, then catches up: lag grows, then drains.
        case lagsThenCatchesUp
        /// Stops handling and committing at some point and never recovers: lag only grows.
        case stalls
        /// Keeps up, then rewinds once (an operator replays recent events): its committed offsets
        /// go backwards, the replayed events are recognised as duplicates, then it catches up.
        case rewindsOnce
    }

    var group: String
    var input: String
    var output: String
    var emits: String
    var behaviour: Behaviour

    static let all: [ShopService] = [
        ShopService(group: "payment-service", input: "orders.events", output: "payments.events", emits: "PaymentCompleted", behaviour: .keepsUp),
        ShopService(group: "inventory-service", input: "orders.events", output: "inventory.events", emits: "StockReserved", behaviour: .lagsThenCatchesUp),
        ShopService(group: "shipping-service", input: "orders.events", output: "shipping.events", emits: "ShipmentScheduled", behaviour: .stalls),
        ShopService(
            group: "notification-service", input: "payments.events", output: "notifications.events", emits: "PaymentReceiptSent",
            behaviour: .rewindsOnce),
    ]
}
