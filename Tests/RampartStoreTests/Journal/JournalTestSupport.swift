import Foundation
import RampartRules
import RampartTestSupport
import Synchronization

@testable import RampartStore

/// A store in a fresh temporary directory, removed when the value is dropped.
final class TemporaryStore: Sendable {
    let directory: URL
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rampart-journal-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("journal.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

extension DurableGate {
    /// Submits and, when allowed, fills the whole order at its price with a 0.1% fee (paper style).
    @discardableResult
    func fill(_ order: Order) async throws -> JournaledDecision {
        let result = await submit(order)
        if let permit = result.permit {
            let price = order.valuationPrice!
            let fee = try order.quantity.multiplied(by: price).multiplied(by: d("0.001"))
            try await commit(permit, fill: Fill(quantity: order.quantity, price: price, fee: fee))
        }
        return result
    }
}

extension RiskState {
    /// Positions and account figures that must survive a restart, for comparisons.
    var durableFigures: [String: String] {
        var figures: [String: String] = [:]
        for key in positionKeys {
            let quantity = positionQuantity(bot: key.bot, symbol: key.symbol)
            if !quantity.isZero { figures["position \(key.bot) \(key.symbol)"] = quantity.description }
        }
        for name in accountNames {
            guard let summary = summary(ofAccount: name) else { continue }
            figures["account \(name)"] =
                "equity \(summary.equity) daily \(summary.dailyRealizedPnL) exposure \(summary.grossExposure)"
        }
        return figures
    }
}
