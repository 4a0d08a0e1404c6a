import Logging
import PulseCore
import PulseKafka

/// Takes the timeline's broker down and brings it back at the scripted times.
struct BrokerOutage: Sendable {
    let cluster: MockCluster
    let timeline: DemoTimeline
    let logger: Logger

    func run(startedAt start: ContinuousClock.Instant, loops: BackgroundLoops) {
        let broker = timeline.outageBroker
        var isDown = false
        while !loops.isStopping {
            let shouldBeDown = timeline.isBrokerDown(at: ContinuousClock.now - start)
            if shouldBeDown != isDown {
                // Recorded even on failure: retrying every tick would only repeat the same warning.
                isDown = shouldBeDown
                do {
                    if shouldBeDown {
                        try cluster.setBrokerDown(broker)
                        logger.info("demo: broker down", metadata: ["pulse.demo.broker": "\(broker)"])
                    } else {
                        try cluster.setBrokerUp(broker)
                        logger.info("demo: broker back up", metadata: ["pulse.demo.broker": "\(broker)"])
                    }
                } catch {
                    logger.warning("demo: cannot change broker state", metadata: ["pulse.demo.broker": "\(broker)", "pulse.error": "\(error)"])
                }
            }
            sleepThread(for: .milliseconds(200))
        }
    }
}
