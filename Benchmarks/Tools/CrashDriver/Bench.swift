import Foundation
import GRDB
import RampartRules
import RampartStore
import Synchronization

/// `RampartCrashDriver bench --db PATH [--orders N] [--submitters N] [--stop graceful]`: durable gate throughput
/// and submit→durable-decision latency, with paper-style fills (immediately, at the order's price, 0.1% fee). With
/// `--stop graceful` it ends as the service does on SIGTERM, with a state snapshot of the whole journal (untimed);
/// without, it just exits, and the journal's last rows are left after the newest snapshot as after a kill. With
/// `--time-scale N`, the journal's clock runs N times as fast as the wall clock from the bench's start: the same
/// orders spread over N times as much journal time (a journal 10× longer at the same pace is then 10× the orders
/// and 10× the time, as in a deployment that trades on).
struct Bench {
    var database: String
    var orders: Int
    var submitters: Int
    var graceful = false
    var timeScale: Int64 = 1

    func run() async throws {
        let store = try Store(path: database)
        let clock = Self.scaledClock(timeScale)
        let origin = clock()
        let gate = try DurableGate.open(store: store, profile: try CrashProfile.compile(), clock: clock)
        let perSubmitter = orders / submitters
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for submitter in 0..<submitters {
                group.addTask {
                    var latencies: [Int64] = []
                    latencies.reserveCapacity(perSubmitter)
                    let price = FixedDecimal(100)
                    let quantity = FixedDecimal(units: 1_000_000)  // 0.01
                    let fee = try quantity.multiplied(by: price).multiplied(by: FixedDecimal(units: 100_000))  // 0.1%
                    for index in 0..<perSubmitter {
                        let order = Order(
                            bot: "bench-\(submitter)",
                            symbol: "S\(index % 10)/USDT",
                            side: index % 20 < 10 ? .buy : .sell,
                            quantity: quantity,
                            price: price,
                            referencePrice: price
                        )
                        let submitted = ContinuousClock.now
                        let result = await gate.submit(order)
                        let elapsed = ContinuousClock.now - submitted
                        latencies.append(
                            elapsed.components.attoseconds / 1_000_000_000 + elapsed.components.seconds * 1_000_000_000
                        )
                        if let permit = result.permit {
                            try await gate.commit(permit, fill: Fill(quantity: quantity, price: price, fee: fee))
                        }
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        let seconds =
            Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> String {
            String(format: "%.2f ms", Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e6)
        }
        let allowed = try await store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_orders WHERE allowed = 1") ?? 0
        }
        print(
            "bench: \(sorted.count) orders (\(allowed) allowed and filled) by \(submitters) submitters in "
                + String(format: "%.2f s = %.0f orders/s", seconds, Double(sorted.count) / seconds)
                + "; submit→durable decision p50 \(percentile(0.5)), p90 \(percentile(0.9)), p99 \(percentile(0.99)), "
                + "max \(percentile(1))"
        )
        if timeScale > 1 {
            print(
                "bench: the journal spans \((clock().nanoseconds - origin.nanoseconds) / 1_000_000_000) s of its clock"
            )
        }
        guard graceful else { return }
        let stopping = ContinuousClock.now
        let covered = await gate.snapshotForStop()
        print("bench: state snapshot for the stop covers \(covered ?? 0), taken in \(ContinuousClock.now - stopping)")
    }

    /// The wall clock, running `scale` times as fast from now on.
    static func scaledClock(_ scale: Int64) -> @Sendable () -> Timestamp {
        let origin = CrashDriver.clock()
        let started = ContinuousClock.now
        return {
            let elapsed = (ContinuousClock.now - started).components
            let nanoseconds = elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
            return Timestamp(nanoseconds: origin.nanoseconds + nanoseconds * scale)
        }
    }
}
