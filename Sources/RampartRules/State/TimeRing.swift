/// The most recent event times of one bot, oldest first, in a ring of bounded capacity.
///
/// Storage starts small and doubles as events arrive, up to `capacity` (the largest rate count of the profile), so a
/// bot that sends few orders holds few slots; once grown, recording allocates nothing.
struct TimeRing: Sendable {
    private var times: ContiguousArray<Int64>
    /// Storage index the next event is written to; the newest event sits just before it.
    private var head = 0
    private(set) var count = 0
    /// The newest event (`Int64.min` while empty), kept beside the storage so recording reads no slot.
    private var latest = Int64.min
    /// The most events it remembers.
    private(set) var capacity: Int

    /// Slots a new ring starts with.
    static let initialStorage = 8

    /// Creates a ring that remembers the last `capacity` events.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        times = ContiguousArray(repeating: 0, count: min(self.capacity, Self.initialStorage))
    }

    /// Creates a ring that remembers the last `capacity` events and holds `events` (oldest first) already.
    init(capacity: Int, events: some Collection<Int64>) {
        self.init(capacity: capacity)
        let size = min(self.capacity, max(Self.initialStorage, events.count))
        if size > times.count { times = ContiguousArray(repeating: 0, count: size) }
        for time in events { record(time) }
    }

    /// The events it holds, oldest first.
    var events: [Int64] { (0..<count).map { newest(count - 1 - $0) } }

    /// The events it holds that are no more than `span` nanoseconds older than one `span` before the newest,
    /// oldest first: those a window of at most `span` can still count, even after the clock stepped back by up to
    /// `span`. All of them when `span` is 0 or no limit can be computed.
    func events(within span: Int64) -> [Int64] {
        guard count > 0, span > 0, span <= Int64.max / 2,
            case (let cutoff, false) = newest(0).subtractingReportingOverflow(2 * span)
        else { return events }
        var kept = 0
        while kept < count && newest(kept) >= cutoff { kept += 1 }
        return (0..<kept).map { newest(kept - 1 - $0) }
    }

    /// Lets the ring remember at least `capacity` events, keeping its events (storage grows as they arrive).
    mutating func reserve(_ capacity: Int) {
        guard capacity > self.capacity else { return }
        self.capacity = capacity
    }

    /// Moves the events into storage of `size` slots (at least `count`), oldest first.
    private mutating func resize(to size: Int) {
        var grown = ContiguousArray<Int64>()
        grown.reserveCapacity(size)
        // Two block copies: from the oldest event to the end of storage, then the events that wrapped around to its
        // front.
        let oldest = count > 0 ? slot(count - 1) : 0
        let tail = min(count, times.count - oldest)
        grown.append(contentsOf: times[oldest..<oldest + tail])
        grown.append(contentsOf: times[0..<count - tail])
        grown.append(contentsOf: repeatElement(0, count: size - count))
        times = grown
        head = count == size ? 0 : count
    }

    /// Records an event; times never go backwards, so a clock step back records the latest time again.
    ///
    /// On the gate's hot path (each allowed order records one or two): one store into storage, whose uniqueness is
    /// checked once, and no read of it.
    mutating func record(_ time: Int64) {
        let value = max(time, latest)
        latest = value
        if count == times.count && times.count < capacity { resize(to: min(capacity, times.count * 2)) }
        times[head] = value
        head = head + 1 == times.count ? 0 : head + 1
        if count < times.count { count += 1 }
    }

    /// The `offset`-th newest time (0 is the newest); requires `offset < count`.
    @inline(__always) func newest(_ offset: Int) -> Int64 { times[slot(offset)] }

    /// Storage index of the `offset`-th newest event; requires `offset < count`.
    @inline(__always) private func slot(_ offset: Int) -> Int {
        let index = head - 1 - offset
        return index < 0 ? index + times.count : index
    }

    /// Whether a window of `limit` events per `window` nanoseconds already holds `limit` events at `now`:
    /// the window is `(now - window, now]`, and the `limit`-th newest event decides it.
    @inline(__always) func isFull(now: Int64, window: Int64, limit: Int) -> Bool {
        guard limit > 0 else { return true }
        guard count >= limit else { return false }
        return newest(limit - 1) > now &- window
    }

    /// How many events fall in `(now - window, now]`, counting at most `limit` (for messages).
    func eventsInWindow(now: Int64, window: Int64, limit: Int) -> Int {
        var seen = 0
        while seen < count && seen < limit && newest(seen) > now &- window { seen += 1 }
        return seen
    }
}
