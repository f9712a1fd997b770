import Testing

@testable import RampartRules

/// The rate windows' ring: storage grows with the events up to the capacity, and the window answers stay those
/// of a ring allocated whole.
@Suite struct TimeRingTests {
    @Test(arguments: [1, 5, 8, 9, 20, 500])
    func growingKeepsTheNewestEventsInOrder(capacity: Int) {
        var ring = TimeRing(capacity: capacity)
        for time in 1...Int64(capacity * 3) {
            ring.record(time * 10)
            #expect(ring.count == min(Int(time), capacity))
            #expect(ring.newest(0) == time * 10)
            #expect(ring.newest(ring.count - 1) == (time - Int64(ring.count) + 1) * 10)
        }
    }

    @Test func theWindowIsFullAtTheLimitAcrossAGrowth() {
        var ring = TimeRing(capacity: 20)
        for time in 1...19 { ring.record(Int64(time)) }
        #expect(!ring.isFull(now: 19, window: 100, limit: 20))
        ring.record(20)
        #expect(ring.isFull(now: 20, window: 100, limit: 20))
        #expect(!ring.isFull(now: 101, window: 100, limit: 20))  // the oldest (1) left the window
        #expect(ring.eventsInWindow(now: 20, window: 100, limit: 20) == 20)
    }

    @Test func eventsWithinASpanKeepTwoSpansBeforeTheNewest() {
        let ring = TimeRing(capacity: 100, events: Array(stride(from: Int64(0), through: 100, by: 10)))
        #expect(ring.events(within: 20) == [60, 70, 80, 90, 100])
        #expect(ring.events(within: 25) == [50, 60, 70, 80, 90, 100])
        #expect(ring.events(within: 0) == ring.events)  // no window: all kept
        #expect(ring.events(within: Int64.max) == ring.events)  // cannot be computed: all kept
        #expect(TimeRing(capacity: 4).events(within: 20).isEmpty)
        // Whatever is left out cannot count in a window of the span, even at a clock one span back.
        for window in [Int64(1), 10, 20] {
            let kept = TimeRing(capacity: 100, events: ring.events(within: 20))
            for now in [80, 90, 100, 150] as [Int64] {
                #expect(
                    kept.eventsInWindow(now: now, window: window, limit: 100)
                        == ring.eventsInWindow(now: now, window: window, limit: 100)
                )
            }
        }
    }

    @Test func reserveRaisesTheCapacityAndKeepsTheEvents() {
        var ring = TimeRing(capacity: 4)
        for time in 1...6 { ring.record(Int64(time)) }
        #expect(ring.count == 4 && ring.newest(3) == 3)
        ring.reserve(50)
        for time in 7...40 { ring.record(Int64(time)) }
        #expect(ring.count == 38 && ring.newest(0) == 40 && ring.newest(37) == 3)
    }

    @Test func aClockStepBackRecordsTheNewestTimeAgainAcrossWrapsAndGrowth() {
        var ring = TimeRing(capacity: 12)
        ring.record(100)
        ring.record(90)  // the clock stepped back
        #expect(ring.events == [100, 100])
        for time in stride(from: Int64(110), through: 250, by: 10) { ring.record(time) }  // grows past 8, wraps
        ring.record(5)
        #expect(ring.count == 12)
        #expect(ring.events == [150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 250])
        #expect(ring.newest(0) == 250 && ring.newest(11) == 150)
    }
}
