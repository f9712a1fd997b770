"""Typed values of the Rampart API: orders in, decisions and state out. Money is ``Decimal``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from ._money import MONEY_KEYS, Money, check_money, encode_money

ORDER_KEYS = (
    "bot",
    "symbol",
    "side",
    "type",
    "quantity",
    "price",
    "reference_price",
    "mode",
    "account",
    "client_order_id",
    "stop_loss",
    "take_profit",
    "reduce_only",
    "execution",
)

EXECUTIONS = ("rampart", "external")


@dataclass(frozen=True)
class Order:
    """An order for ``check``/``submit``. Money fields take ``Decimal``, ``int`` or a decimal string; a ``float``
    raises ``TypeError`` naming the field. ``None`` fields are left out (the service's defaults apply: account
    ``default``, mode ``paper``, reduce_only false)."""

    bot: str
    symbol: str
    side: str
    """``buy`` or ``sell``"""
    type: str
    """``market`` or ``limit`` (a market order carries no ``price``)"""
    quantity: Money
    price: Money | None = None
    reference_price: Money | None = None
    mode: str | None = None
    """``paper`` (default) or ``live``"""
    account: str | None = None
    client_order_id: str | None = None
    """Idempotency key: sending the same id again returns the first answer (``replayed`` true)."""
    stop_loss: Money | None = None
    take_profit: Money | None = None
    reduce_only: bool | None = None
    execution: str | None = None
    """``rampart`` (default: Rampart executes it, paper or live) or ``external``: the bot places it itself; the
    gate decides and reserves, and the bot reports its fills (``report_fill``) and releases the rest (``cancel``).
    An external order needs a ``client_order_id``."""

    def __post_init__(self) -> None:
        for key in MONEY_KEYS:
            value = getattr(self, key)
            if value is not None:
                check_money(key, value)
        if self.execution is not None and self.execution not in EXECUTIONS:
            raise ValueError(f"execution: expected 'rampart' or 'external', got {self.execution!r}")
        if self.execution == "external" and not self.client_order_id:
            raise ValueError("client_order_id: an external order needs one (it names the reservation)")

    def to_json(self) -> dict[str, object]:
        """The JSON object the service reads: money as decimal strings, ``None`` fields left out."""
        return order_payload(self)


def order_payload(order: Order | Mapping[str, Any]) -> dict[str, object]:
    """The JSON object for an ``Order`` or a dict: money as decimal strings, floats refused (``TypeError``)."""
    if isinstance(order, Order):
        items: list[tuple[str, Any]] = [(f.name, getattr(order, f.name)) for f in fields(order)]
    elif isinstance(order, Mapping):
        items = list(order.items())
    else:
        raise TypeError(f"order: expected a dict or rampart_client.Order, got {type(order).__name__}")
    payload: dict[str, object] = {}
    for key, value in items:
        if not isinstance(key, str):
            raise TypeError(f"order: keys must be strings, got {key!r}")
        if value is None:
            continue
        if key in MONEY_KEYS:
            payload[key] = encode_money(key, value)
        elif isinstance(value, float):
            raise TypeError(f"{key}: got float {value!r}; the service takes no floats")
        elif isinstance(value, Decimal):
            payload[key] = encode_money(key, value)
        elif isinstance(value, (str, bool, int)):
            payload[key] = value
        else:
            raise TypeError(f"{key}: expected a string, bool, int or Decimal, got {type(value).__name__}")
    return payload


# --------------------------------------------------------------------------------------------------------------
# Reading answers


class GarbledAnswer(ValueError):
    """An answer that does not have the shape of the API."""


class _Reader:
    """Typed access to one JSON object of an answer; anything unexpected raises ``GarbledAnswer``."""

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, Mapping):
            raise GarbledAnswer(f"{where}: expected an object, found {type(value).__name__}")
        self.data: Mapping[str, Any] = value
        self.where = where

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.data:
            if required:
                raise GarbledAnswer(f"{self.where}: missing '{key}'")
            return None
        return self.data[key]

    def string(self, key: str) -> str:
        value = self._get(key, True)
        if not isinstance(value, str):
            raise GarbledAnswer(f"{self.where}.{key}: expected a string")
        return value

    def opt_string(self, key: str) -> str | None:
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, str):
            raise GarbledAnswer(f"{self.where}.{key}: expected a string or null")
        return value

    def boolean(self, key: str, default: bool | None = None) -> bool:
        value = self._get(key, default is None)
        if value is None and default is not None:
            return default
        if not isinstance(value, bool):
            raise GarbledAnswer(f"{self.where}.{key}: expected true or false")
        return value

    def integer(self, key: str) -> int:
        value = self._get(key, True)
        if isinstance(value, bool) or not isinstance(value, int):
            raise GarbledAnswer(f"{self.where}.{key}: expected an integer")
        return value

    def opt_integer(self, key: str) -> int | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise GarbledAnswer(f"{self.where}.{key}: expected an integer or null")
        return value

    def decimal(self, key: str) -> Decimal:
        value = self.opt_decimal(key)
        if value is None:
            raise GarbledAnswer(f"{self.where}: missing '{key}'")
        return value

    def opt_decimal(self, key: str) -> Decimal | None:
        value = self._get(key, False)
        if value is None:
            return None
        return parse_decimal(value, f"{self.where}.{key}")

    def objects(self, key: str, default_empty: bool = False) -> list[_Reader]:
        value = self._get(key, not default_empty)
        if value is None and default_empty:
            return []
        if not isinstance(value, list):
            raise GarbledAnswer(f"{self.where}.{key}: expected an array")
        return [_Reader(item, f"{self.where}.{key}[{index}]") for index, item in enumerate(value)]

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise GarbledAnswer(f"{self.where}.{key}: expected an array of strings")
        return tuple(value)

    def mapping(self, key: str) -> Mapping[str, Any]:
        value = self._get(key, False)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise GarbledAnswer(f"{self.where}.{key}: expected an object")
        return value


def parse_decimal(value: object, where: str) -> Decimal:
    """A decimal of an answer (a string, or an exact JSON number) as ``Decimal``."""
    if isinstance(value, bool):
        raise GarbledAnswer(f"{where}: expected a decimal")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise GarbledAnswer(f"{where}: {value!r} is not a decimal") from None
        if not number.is_finite():
            raise GarbledAnswer(f"{where}: {value!r} is not a finite decimal")
        return number
    raise GarbledAnswer(f"{where}: expected a decimal string")


@dataclass(frozen=True)
class Violation:
    """One finding of the gate: the rule that fired, its check, the limit, what the order had, and why."""

    rule: str
    check: str
    limit: str
    actual: str
    message: str

    @classmethod
    def _read(cls, reader: _Reader) -> Violation:
        # Decisions journaled by older versions replay with only rule and message.
        return cls(
            rule=reader.string("rule"),
            check=reader.opt_string("check") or "",
            limit=reader.opt_string("limit") or "",
            actual=reader.opt_string("actual") or "",
            message=reader.opt_string("message") or "",
        )

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}" if self.message else self.rule


@dataclass(frozen=True)
class Execution:
    """What became of an allowed order (``Decision.execution``), or of a cancel (``Client.cancel``).

    ``status`` is ``reserved`` (a bot-executed order: ``client_order_id``, ``quantity``, ``filled_quantity``,
    ``remaining_quantity``, ``expires_at``), ``filled`` (``quantity``, ``price``, ``fee``, ``price_source``),
    ``rejected`` (``reason``),
    ``pending`` (a live order being reconciled: ``client_order_id``, ``reason``), ``resting`` (a paper limit order
    waiting for the market: ``client_order_id``, ``bot``, ``account``, ``symbol``, ``side``, ``quantity``,
    ``limit_price``, ``since``, ``expires_at``) or ``cancelled`` (the answer of a cancel: the members of a resting
    order, or of a bot-executed one with ``released_quantity``).
    Members a status does not have are ``None``.
    """

    status: str
    quantity: Decimal | None = None
    price: Decimal | None = None
    fee: Decimal | None = None
    price_source: str | None = None
    reason: str | None = None
    client_order_id: str | None = None
    bot: str | None = None
    account: str | None = None
    symbol: str | None = None
    side: str | None = None
    limit_price: Decimal | None = None
    since: str | None = None
    expires_at: str | None = None
    filled_quantity: Decimal | None = None
    """a bot-executed order: what its reported fills add up to"""
    remaining_quantity: Decimal | None = None
    """a bot-executed order: what is still reserved for it"""
    released_quantity: Decimal | None = None
    """the cancel of a bot-executed order: what the cancel released"""
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def filled(self) -> bool:
        return self.status == "filled"

    @property
    def reserved(self) -> bool:
        """A bot-executed order the gate reserved room for, waiting for its fills."""
        return self.status == "reserved"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def resting(self) -> bool:
        return self.status == "resting"

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"

    @classmethod
    def _read(cls, reader: _Reader, status: str | None = None) -> Execution:
        return cls(
            status=status if status is not None else reader.string("status"),
            quantity=reader.opt_decimal("quantity"),
            price=reader.opt_decimal("price"),
            fee=reader.opt_decimal("fee"),
            price_source=reader.opt_string("price_source"),
            reason=reader.opt_string("reason"),
            client_order_id=reader.opt_string("client_order_id"),
            bot=reader.opt_string("bot"),
            account=reader.opt_string("account"),
            symbol=reader.opt_string("symbol"),
            side=reader.opt_string("side"),
            limit_price=reader.opt_decimal("limit_price"),
            since=reader.opt_string("since"),
            expires_at=reader.opt_string("expires_at"),
            filled_quantity=reader.opt_decimal("filled_quantity"),
            remaining_quantity=reader.opt_decimal("remaining_quantity"),
            released_quantity=reader.opt_decimal("released_quantity"),
            raw=reader.data,
        )


UNAVAILABLE_RULE = "unavailable"


@dataclass(frozen=True)
class Decision:
    """The gate's answer to ``check``/``submit``. Read ``allowed``; ``bool(decision)`` is ``allowed`` too.

    When Rampart could not be reached (or answered 5xx or garbage) the client answers for it, **fail closed**:
    ``allowed`` False with one violation of rule ``unavailable`` whose message says why (``unavailable`` is True).
    """

    allowed: bool
    violations: tuple[Violation, ...] = ()
    warnings: tuple[Violation, ...] = ()
    profile_hash: str | None = None
    decided_at: str | None = None
    client_order_id: str | None = None
    price_source: str | None = None
    """``market`` (a fresh quote was held), ``caller`` (the order's reference_price), or None (denied before it
    was priced)"""
    reference_price: Decimal | None = None
    """the price the order was judged at: the ask for a buy, the bid for a sell, or the caller's"""
    execution: Execution | None = None
    """``submit`` only; None when denied (and for ``check``)"""
    replayed: bool = False
    """True when this is the first answer for a ``client_order_id`` sent before"""
    unavailable: bool = False
    """True when this is the client's own fail-closed denial: Rampart gave no decision (rule ``unavailable``)"""
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules that denied the order."""
        return tuple(v.rule for v in self.violations)

    @property
    def reason(self) -> str:
        """One line for a log: ``allowed``, or each violation as ``rule: message``."""
        if self.allowed:
            return "allowed"
        if not self.violations:
            return "denied"
        return "; ".join(str(v) for v in self.violations)

    @classmethod
    def _read(cls, value: object) -> Decision:
        reader = _Reader(value, "decision")
        execution_value = reader.data.get("execution")
        execution = None
        if execution_value is not None:
            execution = Execution._read(_Reader(execution_value, "decision.execution"))
        return cls(
            allowed=reader.boolean("allowed"),
            violations=tuple(Violation._read(r) for r in reader.objects("violations", default_empty=True)),
            warnings=tuple(Violation._read(r) for r in reader.objects("warnings", default_empty=True)),
            profile_hash=reader.opt_string("profile_hash"),
            decided_at=reader.opt_string("decided_at"),
            client_order_id=reader.opt_string("client_order_id"),
            price_source=reader.opt_string("price_source"),
            reference_price=reader.opt_decimal("reference_price"),
            execution=execution,
            replayed=reader.boolean("replayed", default=False),
            raw=reader.data,
        )

    @classmethod
    def fail_closed(cls, why: str, actual: str, client_order_id: str | None = None) -> Decision:
        """The client's own denial when Rampart gave no decision."""
        violation = Violation(
            rule=UNAVAILABLE_RULE,
            check=UNAVAILABLE_RULE,
            limit="a decision from Rampart",
            actual=actual,
            message=f"{why}; denied (fail closed)",
        )
        return cls(allowed=False, violations=(violation,), client_order_id=client_order_id, unavailable=True)


@dataclass(frozen=True)
class Quote:
    """A quote the gate holds (``GET /v1/prices``)."""

    symbol: str
    bid: Decimal
    ask: Decimal
    age_ms: int
    stale: bool
    """older than the profile's market_data.max_age: not used"""
    received_at: str | None


@dataclass(frozen=True)
class Prices:
    """``GET /v1/prices``: the quotes held, the profile's ``max_age``, and the feed's health."""

    quotes: tuple[Quote, ...]
    max_age: str | None
    feed: Mapping[str, Any]
    """``{"configured": false, "note": …}`` without a feed; else source, last_success, errors…"""
    as_of: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def feed_configured(self) -> bool:
        return self.feed.get("configured") is True

    def quote(self, symbol: str) -> Quote | None:
        """The quote held for ``symbol`` (``BTC/USDT``), if any."""
        for quote in self.quotes:
            if quote.symbol == symbol:
                return quote
        return None

    @classmethod
    def _read(cls, value: object) -> Prices:
        reader = _Reader(value, "prices")
        quotes = tuple(
            Quote(
                symbol=q.string("symbol"),
                bid=q.decimal("bid"),
                ask=q.decimal("ask"),
                age_ms=q.integer("age_ms"),
                stale=q.boolean("stale"),
                received_at=q.opt_string("received_at"),
            )
            for q in reader.objects("prices")
        )
        return cls(
            quotes=quotes,
            max_age=reader.opt_string("max_age"),
            feed=reader.mapping("feed"),
            as_of=reader.opt_string("as_of"),
            raw=reader.data,
        )


@dataclass(frozen=True)
class OperatorState:
    """A scope an operator stopped: ``scope`` (global, account:NAME, bot:NAME), ``state``, ``in_force``, reason."""

    scope: str
    state: str
    in_force: str
    reason: str


@dataclass(frozen=True)
class AccountState:
    account: str
    trading: str
    equity: Decimal
    realized_pnl: Decimal
    daily_realized_pnl: Decimal
    peak_equity: Decimal
    gross_exposure: Decimal


@dataclass(frozen=True)
class BotState:
    bot: str
    trading: str
    closed_trades: int
    wins: int
    realized_pnl: Decimal
    open_positions: int
    first_fill_time: str | None


@dataclass(frozen=True)
class Position:
    """An open position; ``quantity`` is signed (negative is short). The market members are None without a quote."""

    bot: str
    account: str
    symbol: str
    quantity: Decimal
    average_entry: Decimal
    entry_value: Decimal
    market_price: Decimal | None
    unrealized_pnl: Decimal | None
    quote_age_ms: int | None


@dataclass(frozen=True)
class PendingLiveOrder:
    client_order_id: str
    bot: str
    account: str
    symbol: str
    side: str
    quantity: Decimal
    reason: str


@dataclass(frozen=True)
class State:
    """``GET /v1/state`` (roles ops, admin)."""

    global_state: str
    """``ACTIVE``, ``REDUCE_ONLY`` or ``HALTED``"""
    operator_states: tuple[OperatorState, ...]
    accounts: tuple[AccountState, ...]
    bots: tuple[BotState, ...]
    positions: tuple[Position, ...]
    pending_live_orders: tuple[PendingLiveOrder, ...]
    resting_orders: tuple[Execution, ...]
    profile_hash: str | None
    as_of: str | None
    external_orders: tuple[ExternalOrder, ...] = ()
    """bot-executed orders still holding a reservation"""
    sessions: tuple[Mapping[str, Any], ...] = ()
    """the open backtest sessions: ``session_id``, ``profile``, ``owner``, ``allowed``, ``denied``, …"""
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def positions_of(self, bot: str) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.bot == bot)

    @classmethod
    def _read(cls, value: object) -> State:
        r = _Reader(value, "state")
        return cls(
            global_state=r.string("global"),
            operator_states=tuple(
                OperatorState(o.string("scope"), o.string("state"), o.string("in_force"), o.string("reason"))
                for o in r.objects("operator_states", default_empty=True)
            ),
            accounts=tuple(
                AccountState(
                    account=a.string("account"),
                    trading=a.string("trading"),
                    equity=a.decimal("equity"),
                    realized_pnl=a.decimal("realized_pnl"),
                    daily_realized_pnl=a.decimal("daily_realized_pnl"),
                    peak_equity=a.decimal("peak_equity"),
                    gross_exposure=a.decimal("gross_exposure"),
                )
                for a in r.objects("accounts", default_empty=True)
            ),
            bots=tuple(
                BotState(
                    bot=b.string("bot"),
                    trading=b.string("trading"),
                    closed_trades=b.integer("closed_trades"),
                    wins=b.integer("wins"),
                    realized_pnl=b.decimal("realized_pnl"),
                    open_positions=b.integer("open_positions"),
                    first_fill_time=b.opt_string("first_fill_time"),
                )
                for b in r.objects("bots", default_empty=True)
            ),
            positions=tuple(
                Position(
                    bot=p.string("bot"),
                    account=p.string("account"),
                    symbol=p.string("symbol"),
                    quantity=p.decimal("quantity"),
                    average_entry=p.decimal("average_entry"),
                    entry_value=p.decimal("entry_value"),
                    market_price=p.opt_decimal("market_price"),
                    unrealized_pnl=p.opt_decimal("unrealized_pnl"),
                    quote_age_ms=p.opt_integer("quote_age_ms"),
                )
                for p in r.objects("positions", default_empty=True)
            ),
            pending_live_orders=tuple(
                PendingLiveOrder(
                    client_order_id=p.string("client_order_id"),
                    bot=p.string("bot"),
                    account=p.string("account"),
                    symbol=p.string("symbol"),
                    side=p.string("side"),
                    quantity=p.decimal("quantity"),
                    reason=p.string("reason"),
                )
                for p in r.objects("pending_live_orders", default_empty=True)
            ),
            resting_orders=tuple(
                Execution._read(o, status="resting") for o in r.objects("resting_orders", default_empty=True)
            ),
            profile_hash=r.opt_string("profile_hash"),
            as_of=r.opt_string("as_of"),
            external_orders=tuple(ExternalOrder._read(o) for o in r.objects("external_orders", default_empty=True)),
            sessions=tuple(o.data for o in r.objects("sessions", default_empty=True)),
            raw=r.data,
        )


@dataclass(frozen=True)
class Eligibility:
    """``GET /v1/bots/{bot}/eligibility``: the paper-to-live verdict and the record it was made on."""

    bot: str
    eligible: bool
    failed: tuple[str, ...]
    """the thresholds missed (``min_paper_days``, ``min_trades``, ``caller_prices``…)"""
    paper_days: Decimal
    closed_trades: int
    win_rate: Decimal
    profit: Decimal
    caller_priced_fills: int
    allow_caller_prices: bool
    profile_hash: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _read(cls, value: object) -> Eligibility:
        r = _Reader(value, "eligibility")
        return cls(
            bot=r.string("bot"),
            eligible=r.boolean("eligible"),
            failed=r.strings("failed"),
            paper_days=r.decimal("paper_days"),
            closed_trades=r.integer("closed_trades"),
            win_rate=r.decimal("win_rate"),
            profit=r.decimal("profit"),
            caller_priced_fills=r.integer("caller_priced_fills"),
            allow_caller_prices=r.boolean("allow_caller_prices"),
            profile_hash=r.opt_string("profile_hash"),
            raw=r.data,
        )


@dataclass(frozen=True)
class EmergencyStop:
    """The answer of ``emergency_stop``. In force: ``scope``, ``state`` (``HALTED``/``REDUCE_ONLY``), ``reason``,
    ``at``. With ``dry_run``: ``scope``, ``mode`` and ``changed`` False — nothing changed."""

    scope: str
    dry_run: bool
    changed: bool
    mode: str | None = None
    state: str | None = None
    reason: str | None = None
    at: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _read(cls, value: object) -> EmergencyStop:
        r = _Reader(value, "emergency_stop")
        dry_run = r.boolean("dry_run", default=False)
        return cls(
            scope=r.string("scope"),
            dry_run=dry_run,
            changed=r.boolean("changed", default=not dry_run),
            mode=r.opt_string("mode"),
            state=r.opt_string("state"),
            reason=r.opt_string("reason"),
            at=r.opt_string("at"),
            raw=r.data,
        )



# --------------------------------------------------------------------------------------------------------------
# Bot-executed orders: fills and their answers


def fill_payload(fill_id: str, quantity: Money, price: Money, fee: Money) -> dict[str, object]:
    """The JSON body of a fill report: the decimals as strings, floats refused (``TypeError`` naming the field)."""
    if not isinstance(fill_id, str):
        raise TypeError(f"fill_id: expected a string, got {type(fill_id).__name__}")
    if not fill_id:
        raise ValueError("fill_id: must not be empty")
    return {
        "fill_id": fill_id,
        "quantity": encode_money("quantity", quantity),
        "price": encode_money("price", price),
        "fee": encode_money("fee", fee),
    }


@dataclass(frozen=True)
class OrderProgress:
    """Where a bot-executed order stands after a fill: ``status`` ``reserved`` (room left) or ``filled`` (done)."""

    status: str
    quantity: Decimal
    filled_quantity: Decimal
    remaining_quantity: Decimal
    expires_at: str | None

    @property
    def done(self) -> bool:
        """The fills reached the order's quantity: nothing is reserved for it any more."""
        return self.status != "reserved"


@dataclass(frozen=True)
class FillReport:
    """The answer of ``report_fill``: the fill as booked, how its price compared with the gate's market, and the
    order's progress. ``replayed`` is True when this ``fill_id`` was reported before (nothing booked twice)."""

    client_order_id: str
    fill_id: str
    quantity: Decimal
    price: Decimal
    fee: Decimal
    price_check: str
    """``ok`` (within ``market_data.tolerance`` of the gate's quote), ``off_market`` (beyond it: booked, counted,
    logged) or ``unchecked`` (no fresh quote; always in a session)"""
    market_price: Decimal | None
    price_source: str
    """``market`` only when ``price_check`` is ``ok``; else ``caller``"""
    realized_pnl: Decimal | None
    order: OrderProgress
    replayed: bool
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def off_market(self) -> bool:
        return self.price_check == "off_market"

    @classmethod
    def _read(cls, value: object) -> FillReport:
        r = _Reader(value, "fill")
        o = _Reader(r.data.get("order"), "fill.order")
        return cls(
            client_order_id=r.string("client_order_id"),
            fill_id=r.string("fill_id"),
            quantity=r.decimal("quantity"),
            price=r.decimal("price"),
            fee=r.decimal("fee"),
            price_check=r.string("price_check"),
            market_price=r.opt_decimal("market_price"),
            price_source=r.string("price_source"),
            realized_pnl=r.opt_decimal("realized_pnl"),
            order=OrderProgress(
                status=o.string("status"),
                quantity=o.decimal("quantity"),
                filled_quantity=o.decimal("filled_quantity"),
                remaining_quantity=o.decimal("remaining_quantity"),
                expires_at=o.opt_string("expires_at"),
            ),
            replayed=r.boolean("replayed", default=False),
            raw=r.data,
        )


# --------------------------------------------------------------------------------------------------------------
# Backtest sessions


@dataclass(frozen=True)
class SessionInfo:
    """``POST /v1/sessions``: the session's id, the profile (and its hash) it gates with, and when it expires."""

    session_id: str
    profile: str | None
    profile_hash: str | None
    starting_balance: Decimal | None
    created_at: str | None
    expires_at: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _read(cls, value: object) -> SessionInfo:
        r = _Reader(value, "session")
        return cls(
            session_id=r.string("session_id"),
            profile=r.opt_string("profile"),
            profile_hash=r.opt_string("profile_hash"),
            starting_balance=r.opt_decimal("starting_balance"),
            created_at=r.opt_string("created_at"),
            expires_at=r.opt_string("expires_at"),
            raw=r.data,
        )


@dataclass(frozen=True)
class ExternalOrder:
    """A bot-executed order still holding a reservation (``/v1/state`` ``external_orders``, a session's
    ``open_orders``)."""

    client_order_id: str
    bot: str
    account: str
    symbol: str
    side: str
    quantity: Decimal
    filled_quantity: Decimal
    remaining_quantity: Decimal
    decided_at: str | None
    expires_at: str | None

    @classmethod
    def _read(cls, r: _Reader) -> ExternalOrder:
        return cls(
            client_order_id=r.string("client_order_id"),
            bot=r.string("bot"),
            account=r.string("account"),
            symbol=r.string("symbol"),
            side=r.string("side"),
            quantity=r.decimal("quantity"),
            filled_quantity=r.decimal("filled_quantity"),
            remaining_quantity=r.decimal("remaining_quantity"),
            decided_at=r.opt_string("decided_at"),
            expires_at=r.opt_string("expires_at"),
        )


@dataclass(frozen=True)
class SessionPosition:
    """An open position in a session's gate; ``quantity`` is signed."""

    bot: str
    account: str
    symbol: str
    quantity: Decimal
    average_entry: Decimal


@dataclass(frozen=True)
class SessionAccount:
    account: str
    equity: Decimal
    realized_pnl: Decimal
    gross_exposure: Decimal


@dataclass(frozen=True)
class SessionState:
    """``GET``/``DELETE /v1/sessions/{id}``: the session's counts (orders ``allowed`` and ``denied``, ``fills``
    booked), its open reservations, accounts and positions, at its own ``last_time`` (candle time)."""

    session_id: str
    profile: str | None
    profile_hash: str | None
    starting_balance: Decimal | None
    last_time: str | None
    allowed: int
    denied: int
    fills: int
    open_orders: tuple[ExternalOrder, ...]
    accounts: tuple[SessionAccount, ...]
    positions: tuple[SessionPosition, ...]
    expires_at: str | None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def positions_of(self, bot: str) -> tuple[SessionPosition, ...]:
        return tuple(p for p in self.positions if p.bot == bot)

    @classmethod
    def _read(cls, value: object) -> SessionState:
        r = _Reader(value, "session")
        return cls(
            session_id=r.string("session_id"),
            profile=r.opt_string("profile"),
            profile_hash=r.opt_string("profile_hash"),
            starting_balance=r.opt_decimal("starting_balance"),
            last_time=r.opt_string("last_time"),
            allowed=r.integer("allowed"),
            denied=r.integer("denied"),
            fills=r.integer("fills"),
            open_orders=tuple(ExternalOrder._read(o) for o in r.objects("open_orders", default_empty=True)),
            accounts=tuple(
                SessionAccount(
                    account=a.string("account"),
                    equity=a.decimal("equity"),
                    realized_pnl=a.decimal("realized_pnl"),
                    gross_exposure=a.decimal("gross_exposure"),
                )
                for a in r.objects("accounts", default_empty=True)
            ),
            positions=tuple(
                SessionPosition(
                    bot=p.string("bot"),
                    account=p.string("account"),
                    symbol=p.string("symbol"),
                    quantity=p.decimal("quantity"),
                    average_entry=p.decimal("average_entry"),
                )
                for p in r.objects("positions", default_empty=True)
            ),
            expires_at=r.opt_string("expires_at"),
            raw=r.data,
        )
