/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator, the same sequence on every platform.
///
/// Each call adds the golden-ratio increment `0x9E3779B97F4A7C15` to a 64-bit state and returns the state after
/// the finaliser `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`.
/// It is for simulations only: it is not cryptographically secure. The paper executor draws from it, and so do the
/// tests and the crash driver, so random runs replay exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The current state; the next output is derived from `state + 0x9E3779B97F4A7C15`.
    public private(set) var state: UInt64

    /// Creates a generator whose first output is derived from `seed`.
    public init(seed: UInt64) { self.state = seed }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (bound > 0) from the next output, by the multiply-high method (Lemire).
    ///
    /// The bias is below `bound / 2^64`, far under anything a simulation can observe.
    public mutating func next(below bound: UInt64) -> UInt64 {
        next().multipliedFullWidth(by: bound).high
    }
}
