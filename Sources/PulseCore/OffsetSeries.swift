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
///
/// Trimming never drops the point where the newest offset was first seen, nor the point before
/// it: together they date the current offset level. Without them an idle producer's history would
/// fill with equal offsets, lose the moment the level began, and lag in seconds would stop growing.
/// So the age bound holds for every point but those two (the count bound holds for all).
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
        trim(newest: point.seconds, limits: limits)
    }

    /// Index of the first point of the newest offset level (the run of points equal to the newest
    /// offset at the end of the series); nil when empty. Offsets never fall within a series, so the
    /// run is found by walking back from the end.
    public var levelStartIndex: Int? {
        guard let newest = points.last else { return nil }
        var index = points.count - 1
        while index > 0, points[index - 1].offset == newest.offset { index -= 1 }
        return index
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

    /// Drops the oldest points that are too old or too many, except the newest point, the first
    /// point of its level and the one before that. The droppable points are two time-ordered runs:
    /// everything before the protected pair, then the middle of the newest level.
    private mutating func trim(newest: Double, limits: HistoryLimits) {
        guard let levelStart = levelStartIndex else { return }
        let protectedFrom = max(0, levelStart - 1)
        let before = 0..<protectedFrom
        let middle = (levelStart + 1)..<max(levelStart + 1, points.count - 1)
        let oldestKept = newest - limits.maxAgeSeconds
        let tooOld =
            points[before].prefix { $0.seconds < oldestKept }.count + points[middle].prefix { $0.seconds < oldestKept }.count
        let tooMany = max(0, points.count - tooOld - limits.maxPoints)
        let drop = min(before.count + middle.count, tooOld + tooMany)
        guard drop > 0 else { return }
        let fromBefore = min(before.count, drop)
        let fromMiddle = drop - fromBefore
        // The middle first: removing from the front would shift its indices.
        if fromMiddle > 0 { points.removeSubrange(middle.lowerBound..<(middle.lowerBound + fromMiddle)) }
        if fromBefore > 0 { points.removeFirst(fromBefore) }
    }
}

/// How much offset history the exporter keeps per partition.
public struct HistoryLimits: Hashable, Sendable {
    public var maxPoints: Int
    public var maxAgeSeconds: Double

    /// At least three points: trimming keeps the newest point and the two that date its level.
    public init(maxPoints: Int = 64, maxAgeSeconds: Double = 1800) {
        self.maxPoints = max(3, maxPoints)
        self.maxAgeSeconds = maxAgeSeconds
    }
}
