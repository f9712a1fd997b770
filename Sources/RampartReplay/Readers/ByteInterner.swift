import RampartSystem

/// Gives each distinct byte string (a bot or symbol name) a small integer id and one shared `String`, so repeated
/// names cost a hash and a comparison, never an allocation.
///
/// A name is keyed by its length and its first sixteen bytes as two words: names that short (every bot and symbol
/// name in practice) are found with two loads, a multiply and two compares, without `memcmp`.
struct ByteInterner {
    /// The length and first sixteen bytes (zero-padded) of a name.
    private struct Key: Equatable {
        var head: UInt64
        var tail: UInt64
        var count: Int
    }

    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var keys: [Key] = []
    private var hashes: [UInt64] = []
    /// Every name's bytes, one after the other; name `id` is `bytes[starts[id]..<starts[id + 1]]` (for names
    /// longer than sixteen bytes, whose rest the key does not hold).
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    /// The distinct strings, in first-seen order: `values[id]`.
    private(set) var values: [String] = []

    /// The id of `name`, or nil when it has not been seen; `readable` bytes from the start of `name` may be read
    /// (at least `name.count`; sixteen or more lets the key be read in two loads).
    @inline(__always)
    func lookup(_ name: UnsafeBufferPointer<UInt8>, readable: Int) -> Int32? {
        let key = Self.key(name, readable: readable)
        let hash = Self.hash(key, name)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if keys[entry] == key && (key.count <= 16 || hashes[entry] == hash && rest(of: entry, equals: name)) {
                return Int32(entry)
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `name` (not yet present) and returns its id.
    mutating func insert(_ name: UnsafeBufferPointer<UInt8>) -> Int32 {
        let key = Self.key(name, readable: name.count)
        keys.append(key)
        hashes.append(Self.hash(key, name))
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

    /// Whether the bytes of a long name past its sixteenth equal those of entry `entry`.
    private func rest(of entry: Int, equals name: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress, let base = name.baseAddress else { return false }
            return memcmp(storedBase + starts[entry] + 16, base + 16, name.count - 16) == 0
        }
    }

    @inline(__always)
    private static func key(_ name: UnsafeBufferPointer<UInt8>, readable: Int) -> Key {
        let count = name.count
        guard let base = name.baseAddress else { return Key(head: 0, tail: 0, count: 0) }
        if readable >= 16 {
            let raw = UnsafeRawPointer(base)
            let head = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            return Key(head: head & lowBytes(count), tail: count > 8 ? tail & lowBytes(count - 8) : 0, count: count)
        }
        var head: UInt64 = 0
        var tail: UInt64 = 0
        for index in 0..<min(count, 16) {
            if index < 8 {
                head |= UInt64(base[index]) << (8 * UInt64(index))
            } else {
                tail |= UInt64(base[index]) << (8 * UInt64(index - 8))
            }
        }
        return Key(head: head, tail: tail, count: count)
    }

    /// A mask of the low `count` bytes of a word (all of it from eight on).
    @inline(__always)
    private static func lowBytes(_ count: Int) -> UInt64 {
        count >= 8 ? .max : (1 << (8 * UInt64(count))) &- 1
    }

    /// A multiply-xorshift hash of the key, and for a long name of all its bytes.
    @inline(__always)
    private static func hash(_ key: Key, _ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        func mix(_ value: UInt64) -> UInt64 {
            let product = value.multipliedFullWidth(by: multiplier)
            return product.high ^ product.low
        }
        var state = mix(key.head ^ UInt64(truncatingIfNeeded: key.count) &* multiplier)
        state = mix(state ^ key.tail)
        guard key.count > 16, let base = name.baseAddress else { return state }
        var index = 16
        while index + 8 <= key.count {
            state = mix(state ^ UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            index += 8
        }
        var rest: UInt64 = 0
        var shift: UInt64 = 0
        while index < key.count {
            rest |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        return mix(state ^ rest)
    }
}
