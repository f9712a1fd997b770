/// Proof that the gate allowed an order and reserved room for it; only the gate can create one.
///
/// Executors take a `Permit`, never a bare `Order`, so no code path can send an order that was not gated.
/// Hand it back with `Gate.commit(_:fill:)` when the order fills or `Gate.release(_:)` when it does not.
public struct Permit: Sendable, Hashable {
    /// The allowed order.
    public let order: Order
    /// When the gate allowed it.
    public let time: Timestamp
    /// How it changes the position.
    public let effect: OrderEffect
    /// Where `reference` came from.
    public let priceSource: PriceSource
    let slot: Int32
    let generation: UInt32
    /// The reference in 1e-8 units, 0 for none: 16 bytes where an optional takes 32 (permits are copied often).
    private let referenceUnits: Int128

    /// The reference price the gate judged the order at (market ask/bid, or the caller's), if any.
    public var reference: FixedDecimal? { referenceUnits == 0 ? nil : FixedDecimal(units: referenceUnits) }

    init(
        order: Order,
        time: Timestamp,
        effect: OrderEffect,
        reference: FixedDecimal?,
        priceSource: PriceSource,
        slot: Int32,
        generation: UInt32
    ) {
        self.init(
            order: order,
            reserved: Reserved(
                time: time,
                effect: effect,
                referenceUnits: reference?.units ?? 0,
                priceSource: priceSource,
                slot: slot,
                generation: generation
            )
        )
    }

    /// The permit for `order` and what the gate reserved for it; takes the order over (no copy when the caller
    /// hands in its own).
    init(order: consuming Order, reserved: Reserved) {
        self.order = order
        self.time = reserved.time
        self.effect = reserved.effect
        self.priceSource = reserved.priceSource
        self.slot = reserved.slot
        self.generation = reserved.generation
        self.referenceUnits = reserved.referenceUnits
    }

    /// A permit without its order: what `RiskState.decide` reserved, made into a `Permit` by `Gate.submit` outside
    /// its lock, where the order can be moved in instead of copied (a copy is a retain and a release).
    struct Reserved {
        let time: Timestamp
        let effect: OrderEffect
        let referenceUnits: Int128
        let priceSource: PriceSource
        let slot: Int32
        let generation: UInt32
    }
}
