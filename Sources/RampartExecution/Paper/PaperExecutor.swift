public import RampartRules
import Synchronization

/// The simulated executor: fills at the reference price with seeded slippage, fee and rejections (DESIGN §4).
///
/// Every order consumes exactly two draws from a `SplitMix64` seeded with `paper.seed`, first the rejection draw
/// and then the slippage draw, whether or not it is rejected; so the same seed and the same sequence of orders
/// always give the same fills. The simulation:
/// - rejection: the order is rejected when `draw(0..<10^10) < reject_rate × 10^8` (rate in 1e-8 percent units);
/// - slippage: a percentage drawn uniformly from `[low, high]` in steps of 1e-8 percent, applied against the
///   order (a buy pays `reference × (1 + s/100)`, a sell receives `reference × (1 − s/100)`), rounded to eight
///   decimals against the order (up for buys, down for sells);
/// - a limit order never fills beyond its limit: a buy fills at `min(slipped, limit)`, a sell at `max(slipped, limit)`;
/// - fee: `fee% × (quantity × price)`, each product rounded half-even to eight decimals.
/// Orders without a reference price fall back to their limit price.
public final class PaperExecutor: Sendable {
    /// The settings the simulation runs with.
    public let settings: PaperSettings
    private let generator: Mutex<SplitMix64>
    private let settingsProblem: String?

    /// 100% in `Percent.value.units` (percent × 10^8).
    private static let hundredPercentUnits: Int128 = 100 * FixedDecimal.scale

    /// Creates an executor whose generator starts from `settings.seed`.
    public init(settings: PaperSettings) {
        self.settings = settings
        self.generator = Mutex(SplitMix64(seed: settings.seed))
        self.settingsProblem = Self.problem(with: settings)
    }

    /// Simulates the venue for `permit`: a fill, or a rejection with its reason.
    public func execute(_ permit: Permit) -> Result<Fill, PaperRejection> {
        let (rejectDraw, slippageDraw) = generator.withLock { generator in (generator.next(), generator.next()) }
        if let settingsProblem { return .failure(PaperRejection("paper settings invalid: \(settingsProblem)")) }
        let order = permit.order
        if order.mode != .paper {
            return .failure(PaperRejection("a \(order.mode) order cannot go to the paper executor"))
        }
        guard let reference = order.referencePrice ?? order.price else {
            return .failure(PaperRejection("no reference or limit price to fill at"))
        }
        let rejectThreshold = UInt64(settings.rejectRate.value.units)
        if rejectDraw.multipliedFullWidth(by: Self.rateResolution).high < rejectThreshold {
            return .failure(PaperRejection("simulated venue rejection (reject_rate \(settings.rejectRate))"))
        }
        let low = settings.slippageLow.value.units
        let span = UInt64(settings.slippageHigh.value.units - low) + 1
        let slippage = low + Int128(slippageDraw.multipliedFullWidth(by: span).high)
        do throws(ArithmeticError) {
            var price = try Self.slipped(reference, by: slippage, against: order.side)
            if order.type == .limit, let limit = order.price {
                price = order.side == .buy ? min(price, limit) : max(price, limit)
            }
            guard price.isPositive else {
                let slipped = Percent(FixedDecimal(units: slippage))
                return .failure(PaperRejection("slippage of \(slipped) leaves no positive price"))
            }
            let notional = try order.quantity.multiplied(by: price)
            let fee = try settings.fee.of(notional)
            return .success(Fill(quantity: order.quantity, price: price, fee: fee))
        } catch {
            return .failure(PaperRejection("simulated fill out of the fixed-point range: \(error)"))
        }
    }

    /// Rejection draws are scaled to `0..<10^10`: one step per 1e-8 percent.
    private static let rateResolution: UInt64 = 10_000_000_000

    /// `reference × (1 ± slippage/100)`, rounded to eight decimals against the order.
    static func slipped(
        _ reference: FixedDecimal,
        by slippageUnits: Int128,
        against side: Side
    ) throws(ArithmeticError)
        -> FixedDecimal
    {
        // reference.units × slippage.units is in 1e-16 × percent; one price unit of change is 10^10 of them.
        let (product, overflow) = reference.units.multipliedReportingOverflow(by: slippageUnits)
        if overflow { throw .overflow }
        let divisor = hundredPercentUnits
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: divisor)
        let change = remainder == 0 ? quotient : quotient + 1  // round the change up: always against the order
        return side == .buy
            ? try reference.adding(FixedDecimal(units: change))
            : try reference.subtracting(FixedDecimal(units: change))
    }

    /// Why the settings cannot drive a simulation, or nil when they can.
    private static func problem(with settings: PaperSettings) -> String? {
        let low = settings.slippageLow.value.units
        let high = settings.slippageHigh.value.units
        if low < 0 || high < low || high >= hundredPercentUnits {
            return
                "slippage must satisfy 0% <= low <= high < 100% (got \(settings.slippageLow)..\(settings.slippageHigh))"
        }
        let rate = settings.rejectRate.value.units
        if rate < 0 || rate > hundredPercentUnits {
            return "reject_rate must be within 0%..100% (got \(settings.rejectRate))"
        }
        if settings.fee.value.isNegative { return "fee must not be negative (got \(settings.fee))" }
        return nil
    }
}

/// Why the paper executor did not fill an order (a simulated venue rejection, or settings it cannot run with).
public struct PaperRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, as the order's answer reports it.
    public var reason: String

    /// Creates a rejection.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
