import RampartSystem

/// Maps byte strings to one shared `String` each, so repeated bot and symbol names allocate only once.
struct ByteInterner {
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    private var keys: [[UInt8]] = []
    /// The distinct strings, in first-seen order.
    private(set) var values: [String] = []

    /// The shared string for `bytes`, or nil when it has not been seen.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash && Self.equal(keys[entry], bytes) { return values[entry] }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `bytes` (not yet present) and returns its string.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let value = String(decoding: bytes, as: UTF8.self)
        hashes.append(Self.hash(bytes))
        keys.append(Array(bytes))
        values.append(value)
        if values.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            for entry in values.indices { place(entry) }
        } else {
            place(values.count - 1)
        }
        return value
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private static func equal(_ key: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !key.isEmpty else { return true }
        return key.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress else { return false }
            return memcmp(storedBase, base, key.count) == 0
        }
    }

    /// FNV-1a, 64 bit.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash ^ (hash >> 29)
    }
}
