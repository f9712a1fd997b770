/// An order's reservation, held between `submit` and `commit` or `release`.
struct Reservation: Sendable {
    var position: Int32
    var signedQuantity: Int128
    var exposure: FixedDecimal
    var opensPosition: Bool
    var generation: UInt32
    var active: Bool
    /// While the slot is free: the free slot taken after it (-1: none), see `RiskState.freeReservation`.
    var nextFree: Int32 = -1
}
