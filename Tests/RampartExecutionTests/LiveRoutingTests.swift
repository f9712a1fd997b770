import RampartExecution
import RampartFakeVenue
import RampartRules
import RampartSystem
import RampartTestSupport
import Synchronization
import Testing

/// Each venue fault ends with the gate's position equal to the venue's truth, and exactly one placement sent.
@Suite(.serialized) struct LiveRoutingTests {
    /// Routes one buy of `quantity` through a fresh rig scripted with `placement`; checks the invariants.
    private func run(
        _ placement: FakeVenue.Placement?,
        quantity: String = "1",
        attempts: Int = 4,
        _ body: (LiveRig, Permit, ExecutionOutcome) async throws -> Void
    ) async throws {
        let rig = try await LiveRig.start(attempts: attempts)
        do {
            if let placement { rig.venue.script(placement) }
            let permit = try rig.permit(.buy, quantity)
            let outcome = await rig.router.route(permit)
            #expect(rig.venue.placeRequests == 1, "never blind-resent")
            #expect(rig.venue.authFailures.isEmpty)
            try await body(rig, permit, outcome)
        } catch {
            try await rig.shutdown()
            throw error
        }
        try await rig.shutdown()
    }

    /// The permit was settled (committed or released): the gate no longer knows it.
    private func expectSettled(_ rig: LiveRig, _ permit: Permit) {
        #expect(throws: GateError.unknownPermit) { try rig.gate.release(permit) }
    }

    @Test func fullFillIsCommittedWithQuoteCommission() async throws {
        try await run(.fill(price: "100", commission: "0.1", asset: "USDT")) { rig, permit, outcome in
            guard case .filled(let routed) = outcome else { Issue.record("expected a fill, got \(outcome)"); return }
            #expect(routed.fill == Fill(quantity: d("1"), price: d("100"), fee: d("0.1")))
            #expect(routed.otherCommissions.isEmpty && !routed.commissionUnknown && !routed.reconciled)
            #expect(rig.gatePosition() == d("1") && rig.venue.position(symbol: "BTCUSDT") == d("1"))
            #expect(routed.clientOrderID?.hasPrefix("rp-") == true)
            expectSettled(rig, permit)
        }
    }

    /// A venue that lists BTC/USDT as `XBTUSDT` (its exchangeInfo, through the gate's market data) gets the order,
    /// and the status query, under that name, not under base + quote.
    @Test func ordersGoUnderTheVenuesListedName() async throws {
        let rig = try await LiveRig.start(listedName: { $0 == "BTC/USDT" ? "XBTUSDT" : nil })
        rig.venue.script(.fill(price: "100", commission: "0.1", asset: "USDT"))
        let permit = try rig.permit(.buy, "1")
        let outcome = await rig.router.route(permit)
        guard case .filled = outcome else {
            Issue.record("expected a fill, got \(outcome)")
            return try await rig.shutdown()
        }
        #expect(rig.venue.position(symbol: "XBTUSDT") == d("1") && rig.venue.position(symbol: "BTCUSDT") == .zero)
        try await rig.shutdown()
    }

    @Test func partialFillCommitsExecutedQuantityAndReleasesTheRest() async throws {
        try await run(.partialFill(quantity: "0.4", price: "100.5", commission: "0.0402"), quantity: "2") {
            rig,
            permit,
            outcome in
            guard case .filled(let routed) = outcome else { Issue.record("expected a fill, got \(outcome)"); return }
            #expect(routed.fill == Fill(quantity: d("0.4"), price: d("100.5"), fee: d("0.0402")))
            #expect(routed.venueStatus?.state == .expired)
            #expect(rig.gatePosition() == d("0.4") && rig.venue.position(symbol: "BTCUSDT") == d("0.4"))
            expectSettled(rig, permit)
        }
    }

    @Test func commissionInAnotherAssetIsBookedAsZeroAndSurfaced() async throws {
        try await run(.fill(price: "100", commission: "0.00021", asset: "BNB")) { rig, _, outcome in
            guard case .filled(let routed) = outcome else { Issue.record("expected a fill, got \(outcome)"); return }
            #expect(routed.fill.fee == .zero)
            #expect(routed.otherCommissions == [VenueCommission(asset: "BNB", amount: d("0.00021"))])
            #expect(rig.gatePosition() == rig.venue.position(symbol: "BTCUSDT"))
        }
    }

    @Test func rejectionReleasesWithoutAQuery() async throws {
        try await run(.reject(code: -2010, message: "Account has insufficient balance for requested action.")) {
            rig,
            permit,
            outcome in
            guard case .rejected(let reason) = outcome else {
                Issue.record("expected no fill, got \(outcome)"); return
            }
            #expect(reason.contains("-2010") && reason.contains("insufficient balance"))
            #expect(rig.venue.statusRequests == 0)
            #expect(rig.gatePosition() == .zero && rig.venue.position(symbol: "BTCUSDT") == .zero)
            expectSettled(rig, permit)
        }
    }

    @Test func serverErrorWithoutAnOrderIsReleasedAfterTheVenueConfirmsAbsence() async throws {
        try await run(.serverError(placing: nil)) { rig, permit, outcome in
            guard case .rejected(let reason) = outcome else {
                Issue.record("expected no fill, got \(outcome)"); return
            }
            #expect(reason.contains("HTTP 500") && reason.contains("confirms it has no order"))
            #expect(rig.venue.statusRequests >= 2, "absence is only trusted after the recvWindow")
            #expect(rig.gatePosition() == .zero && rig.venue.position(symbol: "BTCUSDT") == .zero)
            expectSettled(rig, permit)
        }
    }

    @Test func serverErrorAfterPlacingIsReconciledToTheFill() async throws {
        try await run(.serverError(placing: .fill(price: "101"))) { rig, permit, outcome in
            guard case .filled(let routed) = outcome else { Issue.record("expected a fill, got \(outcome)"); return }
            #expect(routed.reconciled && routed.commissionUnknown)
            #expect(routed.fill == Fill(quantity: d("1"), price: d("101"), fee: .zero))
            #expect(rig.gatePosition() == d("1") && rig.venue.position(symbol: "BTCUSDT") == d("1"))
            expectSettled(rig, permit)
        }
    }

    @Test func timeoutIsReconciledToTheFillTheVenueMade() async throws {
        try await run(.delay(LiveRig.slowAnswer, then: .fill(price: "100"))) { rig, permit, outcome in
            guard case .filled(let routed) = outcome else { Issue.record("expected a fill, got \(outcome)"); return }
            #expect(routed.reconciled)
            #expect(rig.gatePosition() == d("1") && rig.venue.position(symbol: "BTCUSDT") == d("1"))
            expectSettled(rig, permit)
        }
    }

    @Test func timeoutOfAPartialFillCommitsOnlyTheExecutedPart() async throws {
        try await run(.delay(LiveRig.slowAnswer, then: .partialFill(quantity: "0.25", price: "100")), quantity: "1") {
            rig,
            _,
            outcome in
            guard case .filled(let routed) = outcome else { Issue.record("expected a fill, got \(outcome)"); return }
            #expect(routed.fill.quantity == d("0.25") && routed.reconciled)
            #expect(rig.gatePosition() == d("0.25") && rig.venue.position(symbol: "BTCUSDT") == d("0.25"))
        }
    }

    @Test func droppedConnectionAfterPlacingIsReconciledToTheFill() async throws {
        try await run(.dropAfterPlacing(.fill(price: "99.5"))) { rig, permit, outcome in
            guard case .filled(let routed) = outcome else { Issue.record("expected a fill, got \(outcome)"); return }
            #expect(routed.reconciled && routed.fill.price == d("99.5"))
            #expect(rig.gatePosition() == d("1") && rig.venue.position(symbol: "BTCUSDT") == d("1"))
            expectSettled(rig, permit)
        }
    }

    @Test func droppedConnectionBeforePlacingIsReleased() async throws {
        try await run(.dropBeforePlacing) { rig, permit, outcome in
            guard case .rejected(let reason) = outcome else {
                Issue.record("expected no fill, got \(outcome)"); return
            }
            #expect(reason.contains("confirms it has no order"))
            #expect(rig.gatePosition() == .zero && rig.venue.position(symbol: "BTCUSDT") == .zero)
            expectSettled(rig, permit)
        }
    }

    @Test func unreachableStatusKeepsTheReservationUntilAnOperatorReconciles() async throws {
        let rig = try await LiveRig.start(attempts: 3)
        rig.venue.script(.dropAfterPlacing(.fill(price: "100")))
        rig.venue.failStatusQueries(1_000)
        let permit = try rig.permit(.buy, "1")
        let outcome = await rig.router.route(permit)
        guard case .pending(let unresolved) = outcome else {
            Issue.record("expected unresolved, got \(outcome)")
            try await rig.shutdown()
            return
        }
        #expect(rig.venue.statusRequests == 3 && rig.venue.placeRequests == 1)
        #expect(unresolved.reason.contains("reconciliation failed"))
        // The fill exists on the venue but is not booked: the reservation is still held, so the room stays used.
        #expect(rig.gatePosition() == .zero && rig.venue.position(symbol: "BTCUSDT") == d("1"))
        // Runbook: once the venue answers again, reconcile books the venue's truth.
        rig.venue.failStatusQueries(0)
        let settled = await rig.router.reconcile(unresolved)
        guard case .filled = settled else {
            Issue.record("expected a fill, got \(settled)"); try await rig.shutdown(); return
        }
        #expect(rig.gatePosition() == d("1") && rig.venue.placeRequests == 1)
        expectSettled(rig, permit)
        try await rig.shutdown()
    }

    @Test func openOrderIsCancelledBeforeBooking() async throws {
        try await run(.rest) { rig, permit, outcome in
            guard case .rejected(let reason) = outcome else {
                Issue.record("expected no fill, got \(outcome)"); return
            }
            #expect(reason.contains("CANCELED"))
            #expect(rig.venue.cancelRequests == 1)
            #expect(rig.gatePosition() == .zero && rig.venue.position(symbol: "BTCUSDT") == .zero)
            expectSettled(rig, permit)
        }
    }

    @Test func statusQueryRetriesThroughTransientErrors() async throws {
        let rig = try await LiveRig.start(attempts: 4)
        rig.venue.script(.delay(LiveRig.slowAnswer, then: .fill(price: "100")))
        rig.venue.failStatusQueries(2)
        let outcome = await rig.router.route(try rig.permit(.buy, "1"))
        if case .filled = outcome {} else { Issue.record("expected a fill, got \(outcome)") }
        #expect(rig.venue.statusRequests == 3 && rig.venue.placeRequests == 1)
        #expect(rig.gatePosition() == rig.venue.position(symbol: "BTCUSDT"))
        try await rig.shutdown()
    }
}
