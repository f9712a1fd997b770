import RampartSystem

/// Gives each distinct byte string (a bot or symbol name) a small integer id and one shared `String`, so repeated
/// names cost a hash and a `memcmp`, never an allocation.
struct ByteInterner {
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    /// Every name's bytes, one after the other; name `id` is `bytes[starts[id]..<starts[id + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    /// The distinct strings, in first-seen order: `values[id]`.
    private(set) var values: [String] = []

    /// The id of `name`, or nil when it has not been seen.
    func lookup(_ name: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(name)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { stored in
                starts.withUnsafeBufferPointer { starts in
                    hashes.withUnsafeBufferPointer { hashes in
                        while true {
                            let entry = Int(slots[slot])
                            if entry < 0 { return nil }
                            if hashes[entry] == hash && Self.equal(stored, starts[entry], starts[entry + 1], name) {
                                return Int32(entry)
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }

    /// Adds `name` (not yet present) and returns its id.
    mutating func insert(_ name: UnsafeBufferPointer<UInt8>) -> Int32 {
        hashes.append(Self.hash(name))
        bytes.append(contentsOf: name)
        starts.append(bytes.count)
        values.append(String(decoding: name, as: UTF8.self))
        if values.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            for entry in values.indices { place(entry) }
        } else {
            place(values.count - 1)
        }
        return Int32(values.count - 1)
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    @inline(__always)
    private static func equal(
        _ stored: UnsafeBufferPointer<UInt8>,
        _ start: Int,
        _ end: Int,
        _ name: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard end - start == name.count else { return false }
        guard let base = name.baseAddress, let storedBase = stored.baseAddress, end > start else { return true }
        return memcmp(storedBase + start, base, end - start) == 0
    }

    /// A multiply-xorshift hash over 8-byte words (names are short: one or two words).
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        func mix(_ value: UInt64) -> UInt64 {
            let product = value.multipliedFullWidth(by: multiplier)
            return product.high ^ product.low
        }
        let count = bytes.count
        var state = UInt64(truncatingIfNeeded: count) &* multiplier
        guard let base = bytes.baseAddress else { return state }
        var index = 0
        while index + 8 <= count {
            state = mix(state ^ UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        return mix(state ^ tail)
    }
}
