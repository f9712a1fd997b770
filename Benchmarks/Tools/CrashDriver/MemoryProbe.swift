import Foundation
import GRDB
import RampartRules
import RampartStore

/// `RampartCrashDriver memory-bots --bots N` and `memory-journal --db PATH`: resident memory the gate's state
/// takes per active bot, and per journaled order once a journal is recovered (issue 13, target 5).
struct MemoryProbe {
    /// Resident set size of this process now, in bytes (`VmRSS` of /proc/self/status).
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }

    /// N bots, each in its own account, each with 10 filled orders over 5 symbols (positions, rate windows and
    /// duplicate memory all in use) under the paper profile's rate limits (or, without `paperRates`, the crash
    /// profile's 100,000 orders a minute); prints the resident memory they added, per 1,000 bots.
    static func bots(_ count: Int, paperRates: Bool) throws {
        let profile = try CrashProfile.compile(paperRates: paperRates).fundingAccountsOnFirstUse()
        let clock = CrashDriver.clock
        let before = residentBytes()
        let gate = Gate(profile: profile, clock: clock)
        let price = FixedDecimal(100)
        let quantity = FixedDecimal(units: 1_000_000)
        var allowed = 0
        for bot in 0..<count {
            for index in 0..<10 {
                let order = Order(
                    bot: "bot-\(bot)",
                    account: "acct-\(bot)",
                    symbol: "S\(index % 5)/USDT",
                    side: index < 5 ? .buy : .sell,
                    quantity: quantity,
                    price: price,
                    referencePrice: price,
                    clientOrderID: "b\(bot)-\(index)"
                )
                guard let permit = gate.submit(order).permit else { continue }
                allowed += 1
                try gate.commit(permit, fill: Fill(quantity: quantity, price: price))
            }
        }
        let added = residentBytes() - before
        print(
            "memory-bots: \(count) bots, \(allowed) orders allowed and filled: resident +\(added / 1_048_576) MB = "
                + String(format: "%.2f MB per 1,000 bots", Double(added) / 1_048_576 / Double(count) * 1000)
        )
        withExtendedLifetime(gate) {}
    }

    /// Opens (recovers) the journal at `database` and prints the resident memory the recovered state added, per
    /// 1M journaled orders, and how long the recovery took.
    static func journal(_ database: String) throws {
        let store = try Store(path: database)
        let orders = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal_orders") }
        let before = residentBytes()
        let start = ContinuousClock.now
        let gate = try DurableGate.open(store: store, profile: try CrashProfile.compile(), clock: CrashDriver.clock)
        let elapsed = ContinuousClock.now - start
        let added = residentBytes() - before
        let count = orders ?? 0
        print(
            "memory-journal: \(count) journaled orders recovered in \(elapsed): resident +\(added / 1_048_576) MB = "
                + String(format: "%.1f MB per 1M orders", Double(added) / 1_048_576 / Double(max(count, 1)) * 1e6)
        )
        withExtendedLifetime(gate) {}
    }
}
