/// One observation of an offset (a log-end offset or a committed offset) at a time.
public struct OffsetPoint: Hashable, Sendable {
    public var seconds: Double
    public var offset: Int64

    public init(seconds: Double, offset: Int64) {
        self.seconds = seconds
        self.offset = offset
    }
}

/// The recent observations of one offset, oldest first, bounded by count and age.
///
/// An offset that moves backwards (topic recreated, offsets reset) starts the series afresh: the
/// older points describe another log, and a rate across them would be negative or huge.
public struct OffsetSeries: Hashable, Sendable {
    public private(set) var points: [OffsetPoint] = []
    /// Times the series restarted because the offset went backwards.
    public private(set) var resets = 0

    public init() {}

    public mutating func append(_ point: OffsetPoint, limits: HistoryLimits) {
        if let last = points.last {
            guard point.seconds > last.seconds else { return }
            if point.offset < last.offset {
                points.removeAll(keepingCapacity: true)
                resets += 1
            }
        }
        points.append(point)
        let oldestKept = point.seconds - limits.maxAgeSeconds
        let tooOld = points.prefix { $0.seconds < oldestKept }.count
        let tooMany = points.count - tooOld - limits.maxPoints
        let drop = tooOld + max(0, tooMany)
        if drop > 0 { points.removeFirst(min(drop, points.count - 1)) }
    }

    /// Offsets per second over `window` seconds ending at the newest point: from the oldest point
    /// inside the window (or the one just before it when the window holds only the newest), nil
    /// before there are two points.
    public func rate(overSeconds window: Double) -> Double? {
        guard let newest = points.last, points.count >= 2 else { return nil }
        let windowStart = newest.seconds - window
        var start = points.firstIndex { $0.seconds >= windowStart } ?? points.count - 1
        if start == points.count - 1 { start -= 1 }
        let oldest = points[start]
        let elapsed = newest.seconds - oldest.seconds
        guard elapsed > 0 else { return nil }
        return Double(newest.offset - oldest.offset) / elapsed
    }
}

/// How much offset history the exporter keeps per partition.
public struct HistoryLimits: Hashable, Sendable {
    public var maxPoints: Int
    public var maxAgeSeconds: Double

    public init(maxPoints: Int = 64, maxAgeSeconds: Double = 1800) {
        self.maxPoints = max(2, maxPoints)
        self.maxAgeSeconds = maxAgeSeconds
    }
}
