/// Positions by bot and symbol name: an open-addressing table of `NameDigest`s, each hit verified against the
/// position's own names, so a decision finds a known position without hashing both strings through SipHash.
///
/// Arrays only (copy on write, like the rest of `RiskState`); at most half full; a digest of 0 marks an empty slot.
struct PositionNameTable: Sendable {
    private var digests: [UInt64] = []
    private var positions: [Int32] = []
    private(set) var count = 0

    /// The digest a name pair is stored under (never 0, the empty mark).
    @inline(__always) static func digest(bot: String, symbol: String) -> UInt64 {
        let digest = NameDigest.of(bot: bot, symbol: symbol)
        return digest == 0 ? 1 : digest
    }

    /// The position stored under `digest` for which `matches` holds (the caller compares the names), if any.
    @inline(__always) func find(_ digest: UInt64, where matches: (Int32) -> Bool) -> Int32? {
        guard !digests.isEmpty else { return nil }
        let mask = digests.count - 1
        var slot = Int(truncatingIfNeeded: digest) & mask
        while true {
            let stored = digests[slot]
            if stored == 0 { return nil }
            if stored == digest && matches(positions[slot]) { return positions[slot] }
            slot = (slot + 1) & mask
        }
    }

    /// Forgets every entry and keeps the table's size (a what-if's reused small state, `RiskState.empty()`).
    mutating func removeAll() {
        for slot in digests.indices { digests[slot] = 0 }
        count = 0
    }

    /// Stores `position` under `digest`; the caller has checked that its names are not stored yet.
    mutating func insert(_ digest: UInt64, position: Int32) {
        if (count + 1) * 2 > digests.count { grow() }
        place(digest, position)
        count += 1
    }

    private mutating func place(_ digest: UInt64, _ position: Int32) {
        let mask = digests.count - 1
        var slot = Int(truncatingIfNeeded: digest) & mask
        while digests[slot] != 0 { slot = (slot + 1) & mask }
        digests[slot] = digest
        positions[slot] = position
    }

    private mutating func grow() {
        let old = (digests, positions)
        let capacity = max(16, digests.count * 2)
        digests = [UInt64](repeating: 0, count: capacity)
        positions = [Int32](repeating: -1, count: capacity)
        for index in old.0.indices where old.0[index] != 0 { place(old.0[index], old.1[index]) }
    }
}
