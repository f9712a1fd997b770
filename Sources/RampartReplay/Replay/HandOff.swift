import RampartSystem
import Synchronization

/// A bounded first-in first-out queue from one thread to another: `put` waits while it is full, `take` while it
/// is empty, and `close` ends the exchange for both sides (a reader that failed stops its writer, and the other way
/// round).
///
/// The items sit behind a `Mutex`; two POSIX semaphores count the queued items and the free room, so a waiting side
/// sleeps in the kernel instead of spinning.
final class HandOff<Element: Sendable>: @unchecked Sendable {
    private struct Queue: ~Copyable {
        var items: [Element] = []
        var closed = false
    }

    private let queue = Mutex(Queue())
    /// Counts queued items (plus the wake-up `close` posts).
    private let available: UnsafeMutablePointer<sem_t>
    /// Counts free places (plus the wake-up `close` posts).
    private let room: UnsafeMutablePointer<sem_t>

    /// A queue that holds at most `capacity` items.
    init(capacity: Int) {
        available = .allocate(capacity: 1)
        room = .allocate(capacity: 1)
        sem_init(available, 0, 0)
        sem_init(room, 0, UInt32(capacity))
    }

    deinit {
        sem_destroy(available)
        sem_destroy(room)
        available.deallocate()
        room.deallocate()
    }

    /// Waits for room and queues `element`; false (and `element` dropped) once the queue is closed.
    func put(_ element: Element) -> Bool {
        Self.wait(room)
        let queued = queue.withLock { queue in
            if queue.closed { return false }
            queue.items.append(element)
            return true
        }
        // A refused put passes the close's wake-up on to any other waiting writer.
        sem_post(queued ? available : room)
        return queued
    }

    /// Waits for the next element; nil once the queue is closed and everything queued before was taken.
    func take() -> Element? {
        Self.wait(available)
        let element = queue.withLock { queue in queue.items.isEmpty ? nil : queue.items.removeFirst() }
        sem_post(element != nil ? room : available)
        return element
    }

    /// The next element if one is queued now, without waiting.
    func poll() -> Element? {
        guard sem_trywait(available) == 0 else { return nil }
        let element = queue.withLock { queue in queue.items.isEmpty ? nil : queue.items.removeFirst() }
        sem_post(element != nil ? room : available)
        return element
    }

    /// Refuses every later `put`; `take` still hands out what is queued, then nil.
    func close() {
        queue.withLock { $0.closed = true }
        sem_post(room)
        sem_post(available)
    }

    private static func wait(_ semaphore: UnsafeMutablePointer<sem_t>) {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
    }
}
