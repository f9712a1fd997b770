/// The `loss_streak` limit: after `losses` losing trades in a row, no entries for `cooldown`.
public struct LossStreak: Sendable, Hashable, CustomStringConvertible {
    /// Consecutive losing trades that start the cooldown.
    public var losses: Int
    /// How long entries are refused after the last of them.
    public var cooldown: TimeSpan

    /// Creates a loss-streak limit.
    public init(losses: Int, cooldown: TimeSpan) {
        self.losses = losses
        self.cooldown = cooldown
    }

    /// `{ losses: 3, cooldown: 2h }`.
    public var description: String { "{ losses: \(losses), cooldown: \(cooldown) }" }
}
