public import RampartRules
import Synchronization

/// The simulated executor: fills from the market with seeded slippage, fee and rejections (DESIGN §4, §7).
///
/// The price comes from the permit: the reference the gate judged the order at, which is the market (the ask for
/// a buy, the bid for a sell) when a fresh quote was held, else the caller's `reference_price` (the fill then says
/// `price_source: caller`, and the paper record counts it). With a market price:
/// - a market order fills at the market, slipped against it;
/// - a limit order fills only when marketable (buy limit ≥ ask, sell limit ≤ bid), at the better of its limit and
///   the slipped market; otherwise it **rests** (`.rest`) until a later quote crosses it (`fillResting`), at its
///   limit price, with the fee and no slippage.
/// With a caller price every order fills at once, as without market data.
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
    /// What the simulated venue did with an order.
    public enum Execution: Sendable, Equatable {
        /// Filled, whole.
        case fill(Fill)
        /// Rejected (simulated venue rejection, settings it cannot run with); the reason says why.
        case reject(PaperRejection)
        /// A limit order that is not marketable now: it rests, its reservation held, until a quote crosses it.
        case rest
    }

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

    /// Simulates the venue for `permit`: a fill, a rejection with its reason, or a limit order left resting.
    public func execute(_ permit: Permit) -> Execution {
        let (rejectDraw, slippageDraw) = generator.withLock { generator in (generator.next(), generator.next()) }
        if let settingsProblem { return .reject(PaperRejection("paper settings invalid: \(settingsProblem)")) }
        let order = permit.order
        if order.mode != .paper {
            return .reject(PaperRejection("a \(order.mode) order cannot go to the paper executor"))
        }
        guard let reference = permit.reference ?? order.price else {
            return .reject(PaperRejection("no reference or limit price to fill at"))
        }
        let rejectThreshold = UInt64(settings.rejectRate.value.units)
        if rejectDraw.multipliedFullWidth(by: Self.rateResolution).high < rejectThreshold {
            return .reject(PaperRejection("simulated venue rejection (reject_rate \(settings.rejectRate))"))
        }
        if permit.priceSource == .market, order.type == .limit, let limit = order.price,
            !Self.crosses(limit: limit, side: order.side, market: reference)
        {
            return .rest
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
                return .reject(PaperRejection("slippage of \(slipped) leaves no positive price"))
            }
            let notional = try order.quantity.multiplied(by: price)
            let fee = try settings.fee.of(notional)
            return .fill(Fill(quantity: order.quantity, price: price, fee: fee, priceSource: permit.priceSource))
        } catch {
            return .reject(PaperRejection("simulated fill out of the fixed-point range: \(error)"))
        }
    }

    /// The fill of a resting limit order that `quote` crosses (a buy when the ask is at or below its limit, a sell
    /// when the bid is at or above it), at its limit price with the fee; nil while it does not cross.
    public func fillResting(_ permit: Permit, at quote: Quote) -> Fill? {
        let order = permit.order
        guard order.type == .limit, let limit = order.price else { return nil }
        guard Self.crosses(limit: limit, side: order.side, market: quote.price(for: order.side)) else { return nil }
        guard let notional = try? order.quantity.multiplied(by: limit), let fee = try? settings.fee.of(notional) else {
            return nil
        }
        return Fill(quantity: order.quantity, price: limit, fee: fee, priceSource: .market)
    }

    /// Whether a limit order is marketable against the market price for its side.
    static func crosses(limit: FixedDecimal, side: Side, market: FixedDecimal) -> Bool {
        side == .buy ? limit >= market : limit <= market
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
