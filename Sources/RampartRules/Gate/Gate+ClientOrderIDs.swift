extension Gate {
    /// Remembers a client order id an earlier order used (found in the journal), so an order that repeats it is a
    /// duplicate.
    public func rememberClientOrderID(_ id: String) {
        withState { $0.restoreClientOrderIDs(CollectionOfOne(id)) }
    }

    /// Forgets client order ids the journal answers for from now on (see `RiskState.forgetClientOrderIDs`).
    public func forgetClientOrderIDs(_ ids: some Sequence<String>) {
        withState { $0.forgetClientOrderIDs(ids) }
    }
}
