import Logging
public import ServiceLifecycle

/// The worker process belongs to the service group: it is killed when the group shuts this service
/// down, which the group does only after the sampler that reads through it has stopped.
extension SupervisedWorker: Service {
    public func run() async throws {
        try? await gracefulShutdown()
        stop()
        logger.info("sampling worker stopped")
    }
}
