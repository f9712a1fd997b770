// The service's paper-order path without HTTP: `OrderDesk.submit` of `Scripts/load-test`'s order mix (100 bots in
// their own margin accounts, a buy then a sell of the same quantity, limit at the reference), IN_FLIGHT orders at a
// time (default 16, as from wrk's 16 connections) through the completion API the order route uses, into a fresh
// SQLite journal under /tmp. MODE `check` asks `OrderDesk.check` the same orders instead. valgrind cannot run it (it
// stops at libdispatch's first thread), so it is measured with CPU time and with uprobe counts, which are exact:
//   RAMPART_BENCHMARKS=1 swift build -c release --product OrderProbe
//   /usr/bin/time -f "%U %S" OrderProbe orders 20000 [IN_FLIGHT]
//   perf probe -x /lib/x86_64-linux-gnu/libc.so.6 malloc
//   perf stat -e probe_libc:malloc OrderProbe orders 0; perf stat -e probe_libc:malloc OrderProbe orders 20000
// The difference of the two counts divided by 20,000 is the allocations per order (docs/performance.md).

import Dispatch
import Logging
import RampartConfig
import RampartDesk
import RampartRules
import RampartStore
import RampartSystem
import Synchronization

let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : "orders"
let countArgument = arguments.count > 2 ? Int(arguments[2]) : 20_000
let inFlightArgument = arguments.count > 3 ? Int(arguments[3]) : 16
let bots = 100

guard mode == "orders" || mode == "check", let count = countArgument, count >= 0, let inFlight = inFlightArgument,
    inFlight >= 1, arguments.count <= 4
else {
    print("usage: OrderProbe orders|check [COUNT >= 0, default 20000] [IN_FLIGHT >= 1, default 16]")
    exit(2)
}

/// Removes the scratch directory, says why the probe stops, and exits.
func fail(_ reason: String) -> Never {
    removeScratch()
    print("OrderProbe: \(reason)")
    exit(1)
}

let directory = "/tmp/rampart-order-probe-\(WallClock.nanosecondsSinceEpoch())"
/// Deletes the journal and profiles the probe wrote.
func removeScratch() {
    for name in ["journal.sqlite", "journal.sqlite-wal", "journal.sqlite-shm", "base.yaml", "paper.yaml", "probe.yaml"]
    {
        unlink(directory + "/" + name)
    }
    rmdir(directory)
}
guard mkdir(directory, 0o700) == 0 else {
    print("OrderProbe: cannot create \(directory)")
    exit(1)
}

// `Scripts/load-test`'s profile: the shipped paper profile, rate limits and loss streak raised, one account per bot.
var profileText = """
    profile: probe
    extends: paper
    limits:
      loss_streak: { losses: 1000000, cooldown: 1m }
    rate_limits:
      orders: [2000/1m]
      trades: 2000/1d
    accounts:
      default: { starting_balance: 10000, currency: USDT }

    """
for bot in 0..<bots { profileText += "  acct-\(bot): { starting_balance: 10000, currency: USDT, type: margin }\n" }
for name in ["base.yaml", "paper.yaml"] {
    guard case .success(let shipped) = FileContents.read(atPath: "profiles/" + name),
        FileContents.write(shipped.bytes, toPath: directory + "/" + name)
    else { fail("run from the package root: profiles/\(name) is read and copied to \(directory)") }
}
guard FileContents.write(Array(profileText.utf8), toPath: directory + "/probe.yaml") else {
    fail("cannot write \(directory)/probe.yaml")
}
let profile: CompiledProfile
let desk: OrderDesk
do {
    profile = try ProfileLoader(rulesDirectory: "rules", profilesDirectory: directory).compile("probe")
    var logger = Logger(label: "order-probe")
    logger.logLevel = .critical
    desk = try await OrderDesk.open(
        DeskConfiguration(
            databasePath: directory + "/journal.sqlite",
            profile: profile,
            auditKey: try AuditKey(bytes: Array(repeating: 7, count: 32))
        ),
        logger: logger
    )
} catch {
    fail("\(error)")
}

/// The load test's order number `index`: bot `index % 100`, buys and sells in turn, 50 quantities in turn.
func order(_ index: Int) -> Order {
    let bot = index % bots
    let round = index / bots
    let quantity = 100 + (round / 2) % 50
    return Order(
        bot: "load-\(bot)",
        account: "acct-\(bot)",
        symbol: "BTC/USDT",
        side: round % 2 == 0 ? .buy : .sell,
        type: .limit,
        quantity: FixedDecimal(units: Int128(quantity) * 1_000),
        price: FixedDecimal(60_000),
        referencePrice: FixedDecimal(60_000)
    )
}

/// Hands out `count` order numbers, keeps `inFlight` orders submitted, and signals when the last one is answered.
final class Driver: Sendable {
    private let count: Int
    private let inFlight: Int
    private let next = Atomic<Int>(0)
    private let answered = Atomic<Int>(0)
    private let allowed = Atomic<Int>(0)
    let done = DispatchSemaphore(value: 0)

    init(count: Int, inFlight: Int) {
        self.count = count
        self.inFlight = inFlight
    }

    func start() {
        guard count > 0 else {
            done.signal()
            return
        }
        for _ in 0..<min(inFlight, count) { submitNext() }
    }

    private func submitNext() {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < count else { return }
        desk.submit(order(index)) { outcome in
            if outcome.allowed { self.allowed.add(1, ordering: .relaxed) }
            if self.answered.add(1, ordering: .relaxed).newValue == self.count { self.done.signal() }
            self.submitNext()
        }
    }

    var allowedCount: Int { allowed.load(ordering: .relaxed) }
}

let started = WallClock.nanosecondsSinceEpoch()
var allowed = 0
if mode == "orders" {
    let driver = Driver(count: count, inFlight: inFlight)
    driver.start()
    driver.done.wait()
    allowed = driver.allowedCount
    do { try desk.flush() } catch { fail("the journal did not write every order: \(error)") }
} else {
    for index in 0..<count where desk.check(order(index)).allowed { allowed += 1 }
}
let elapsed = WallClock.nanosecondsSinceEpoch() - started
print("mode=\(mode) n=\(count) allowed=\(allowed) us_per_order=\(count > 0 ? elapsed / Int64(count) / 1_000 : 0)")
removeScratch()
if allowed != count { fail("\(count - allowed) of \(count) orders were denied; every order of the mix should pass") }
