/// Who may call what in `rampart serve`: the role a bearer token carries.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// Sends and checks orders.
    case trader
    /// Reads state, profile and eligibility; reloads.
    case ops
    /// Emergency stop, resume, promotion; and everything else.
    case admin
}
