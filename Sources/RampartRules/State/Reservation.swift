/// An order's reservation, held between `submit` and `commit` or `release`.
struct Reservation: Sendable {
    var position: Int32
    var signedQuantity: Int128
    var exposure: FixedDecimal
    var opensPosition: Bool
    var generation: UInt32
    var active: Bool
}
