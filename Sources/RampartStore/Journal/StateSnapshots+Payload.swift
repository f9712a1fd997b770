import RampartRules

/// The payload: tab-separated text lines, a NUL byte, then the rate windows' event times as little-endian 64-bit
/// integers (binary, so a large window costs eight bytes an event to store and almost nothing to read back).
///
/// Lines: the header; `C` ring capacities and the spans the windows were kept for (`OrderMemory`; a payload
/// written before the spans has capacities only, windows kept whole); one per account (`A`), bot (`B`) and position (`P`) of the
/// `FillLedger`; one per bot with rate windows (`W`: name, account, how many order and entry times it has in the
/// binary part, in line order); one per position with duplicate memory (`D`); one per open order (`O`: sequence,
/// quantity, external, filled). Decimals are exact text.
extension StateSnapshots {
    /// The payload's first line.
    static let header = "rampart-state 2"
    /// The first line of the payloads written before, which held the fill-made state only.
    static let fillsOnlyHeader = "rampart-fill-ledger 1"

    /// What a payload holds.
    struct Content: Sendable {
        var ledger: FillLedger
        var memory: OrderMemory
        var open: [Int64: JournalFold.OpenOrder]
    }

    static func encode(_ fold: JournalFold) -> [UInt8]? {
        let ledger = fold.state.fillLedger
        let memory = fold.state.orderMemory
        var lines = [
            header,
            "C\t\(memory.orderCapacity)\t\(memory.entryCapacity)\t\(memory.orderSpan)\t\(memory.entrySpan)",
        ]
        lines += ledgerLines(ledger)
        var times: [Int64] = []
        for bot in memory.bots {
            lines.append(
                ["W", bot.name, bot.account, "\(bot.orderTimes.count)", "\(bot.entryTimes.count)"]
                    .joined(separator: "\t")
            )
            times += bot.orderTimes
            times += bot.entryTimes
        }
        for position in memory.positions {
            var fields = ["D", position.bot, position.symbol, "\(position.next)"]
            for order in position.orders {
                fields += [order.side.description, "\(order.quantityUnits)", "\(order.priceUnits)", "\(order.time)"]
            }
            lines.append(fields.joined(separator: "\t"))
        }
        for (sequence, order) in fold.open.sorted(by: { $0.key < $1.key }) {
            lines.append("O\t\(sequence)\t\(order.quantity)\t\(order.external ? 1 : 0)\t\(order.filled)")
        }
        let names =
            ledger.accounts.map(\.name) + ledger.bots.map(\.name) + ledger.positions.map(\.symbol)
            + memory.bots.flatMap { [$0.name, $0.account] } + memory.positions.flatMap { [$0.bot, $0.symbol] }
        guard !names.contains(where: { $0.contains("\t") || $0.contains("\n") || $0.contains("\0") }) else {
            return nil
        }
        var payload = Array(lines.joined(separator: "\n").utf8)
        payload.append(0)
        let binaryStart = payload.count
        payload += [UInt8](repeating: 0, count: times.count * 8)
        payload.withUnsafeMutableBytes { bytes in
            for (index, time) in times.enumerated() {
                bytes.storeBytes(of: time.littleEndian, toByteOffset: binaryStart + index * 8, as: Int64.self)
            }
        }
        return payload
    }

    static func decode(_ payload: [UInt8]) -> Content? {
        guard let nul = payload.firstIndex(of: 0) else { return nil }
        let text = String(decoding: payload[..<nul], as: UTF8.self)
        var binary = nul + 1
        guard (payload.count - binary) % 8 == 0 else { return nil }
        func readTimes(_ count: Int) -> [Int64]? {
            guard count >= 0, count <= (payload.count - binary) / 8 else { return nil }
            let times = payload.withUnsafeBytes { bytes in
                (0..<count).map {
                    Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: binary + $0 * 8, as: Int64.self))
                }
            }
            binary += count * 8
            return times
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == header, lines.count >= 2 else { return nil }
        let capacities = lines[1].split(separator: "\t", omittingEmptySubsequences: false)
        guard capacities.count == 3 || capacities.count == 5, capacities[0] == "C",
            let orderCapacity = Int(capacities[1]), let entryCapacity = Int(capacities[2])
        else { return nil }
        var spans: (order: Int64, entry: Int64) = (0, 0)
        if capacities.count == 5 {
            guard let order = Int64(capacities[3]), let entry = Int64(capacities[4]), order >= 0, entry >= 0 else {
                return nil
            }
            spans = (order, entry)
        }
        lines.removeFirst(2)
        var ledgerLines: [Substring] = []
        var memory = OrderMemory(
            orderCapacity: orderCapacity,
            entryCapacity: entryCapacity,
            orderSpan: spans.order,
            entrySpan: spans.entry,
            bots: [],
            positions: []
        )
        var open: [Int64: JournalFold.OpenOrder] = [:]
        func decimal(_ text: Substring) -> FixedDecimal? { try? FixedDecimal(exactly: String(text)) }
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch f.first {
            case "A", "B", "P": ledgerLines.append(line)
            case "W":
                guard f.count == 5, let orders = Int(f[3]), let entries = Int(f[4]),
                    let orderTimes = readTimes(orders), let entryTimes = readTimes(entries)
                else { return nil }
                memory.bots.append(
                    OrderMemory.Bot(
                        name: String(f[1]),
                        account: String(f[2]),
                        orderTimes: orderTimes,
                        entryTimes: entryTimes
                    )
                )
            case "D":
                guard f.count == 20, let next = Int(f[3]) else { return nil }
                var orders: [OrderMemory.Recent] = []
                for slot in 0..<4 {
                    let at = 4 + slot * 4
                    guard let side = JournalText.side(String(f[at])), let quantity = Int128(f[at + 1]),
                        let price = Int128(f[at + 2]), let time = Int64(f[at + 3])
                    else { return nil }
                    orders.append(
                        OrderMemory.Recent(side: side, quantityUnits: quantity, priceUnits: price, time: time)
                    )
                }
                memory.positions.append(
                    OrderMemory.Position(bot: String(f[1]), symbol: String(f[2]), orders: orders, next: next)
                )
            case "O":
                guard f.count == 5, let sequence = Int64(f[1]), let quantity = decimal(f[2]),
                    f[3] == "0" || f[3] == "1", let filled = decimal(f[4])
                else { return nil }
                open[sequence] = JournalFold.OpenOrder(quantity: quantity, external: f[3] == "1", filled: filled)
            default: return nil
            }
        }
        guard binary == payload.count, let ledger = decodeLedger(ledgerLines) else { return nil }
        return Content(ledger: ledger, memory: memory, open: open)
    }
}
