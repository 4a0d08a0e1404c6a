import Logging
import ServiceLifecycle

/// Logs the start of a graceful shutdown. Last in the group, so the group signals it first: the
/// line comes before any service stops.
struct ShutdownNotice: Service {
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        logger.info("kafka-pulse stopping: received a shutdown signal")
    }
}
