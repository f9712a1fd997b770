import Foundation
import RampartRules
import RampartStore
import Synchronization

/// Drives a deterministic stream of orders through a `DurableGate` with paper-style immediate fills until killed.
///
/// After each decision returns, its sequence and verdict are appended to the acks file and fsynced (`o SEQ 0|1`);
/// after each acknowledged emergency stop, `h SCOPE`.
struct Driver {
    var database: String
    var acks: String
    var seed: UInt64

    static let symbols = ["BTC/USDT", "ETH/USDT", "SOL/USDT"]
    static let submitters = 8

    func run() async throws {
        let store = try Store(path: database)
        // A snapshot every 100 journal rows: kills land during snapshots too, and verify recovers from them.
        let gate = try DurableGate.open(
            store: store,
            profile: try CrashProfile.compile(),
            clock: CrashDriver.clock,
            snapshots: SnapshotPolicy(everyRows: 100, minimumInterval: .zero)
        )
        if !FileManager.default.fileExists(atPath: acks) {
            _ = FileManager.default.createFile(atPath: acks, contents: nil)
        }
        let log = try AckLog(path: acks)
        let run = seed
        await withThrowingTaskGroup(of: Void.self) { group in
            for submitter in 0..<Self.submitters {
                group.addTask {
                    var random = SplitMix64(seed: run &* 1_000_003 &+ UInt64(submitter))
                    let bot = "bot-\(submitter)"
                    for step in 0..<1_000_000 {
                        if submitter == 0 && step % 10 == 9 {
                            // An emergency stop of a scope no one else uses, acknowledged once durable.
                            let scope = TradingScope.bot("stopped-\(run)-\(step)")
                            try await gate.setTradingState(.halted, for: scope, reason: "crash test stop")
                            try log.append("h \(scope)")
                        }
                        let symbol = Self.symbols[random.below(Self.symbols.count)]
                        let held = gate.snapshot().positionQuantity(bot: bot, symbol: symbol)
                        // Exit half the time when holding, else enter; a few oversized orders get denied.
                        let side: Side = held.isPositive && random.below(2) == 0 ? .sell : .buy
                        let quantity =
                            random.below(20) == 0
                            ? FixedDecimal(9) : FixedDecimal(units: Int128(1 + random.below(200)) * 1_000_000)
                        let price = FixedDecimal(units: Int128(9_900 + random.below(200)) * 1_000_000)
                        let order = Order(
                            bot: bot,
                            symbol: symbol,
                            side: side,
                            quantity: quantity,
                            price: price,
                            referencePrice: price
                        )
                        let result = await gate.submit(order)
                        if let permit = result.permit {
                            let fee = try quantity.multiplied(by: price).multiplied(by: FixedDecimal(units: 100_000))
                            try await gate.commit(permit, fill: Fill(quantity: quantity, price: price, fee: fee))
                        }
                        if let sequence = result.sequence { try log.append("o \(sequence) \(result.allowed ? 1 : 0)") }
                    }
                }
            }
        }
    }
}

/// The acks file: one line per acknowledged decision or stop, each fsynced before the next is written.
final class AckLog: Sendable {
    private let handle: Mutex<FileHandle>

    init(path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        self.handle = Mutex(handle)
    }

    func append(_ line: String) throws {
        try handle.withLock { handle in
            try handle.write(contentsOf: Data((line + "\n").utf8))
            try handle.synchronize()
        }
    }
}
