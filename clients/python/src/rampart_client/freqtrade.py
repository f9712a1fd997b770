"""freqtrade behind the gate: the ``RampartGuard`` strategy mixin.

```python
from freqtrade.strategy import IStrategy
from rampart_client.freqtrade import RampartGuard

class MyStrategy(RampartGuard, IStrategy):   # RampartGuard first, so its callbacks run
    ...
```

Configured by a ``"rampart"`` section of the freqtrade config (every key optional)::

    "rampart": {"url": "http://127.0.0.1:8080", "token": "rmp_…", "bot": "ft-1", "account": "default",
                "profile": "paper", "starting_balance": "1000", "timeout": 10,
                "allow_exits_when_unavailable": true}

``url`` and ``token`` fall back to ``RAMPART_URL`` / ``RAMPART_TOKEN``; ``bot`` to the config's ``bot_name``.

What it does, callback by callback:

- ``confirm_trade_entry``: asks the gate for the entry as a **bot-executed** order (``execution: external``): an
  allowed entry is reserved under a client order id, a refused one is logged with the rules that refused it and
  answered ``False``. It **never raises** (freqtrade takes an exception there for a yes): Rampart unreachable, a
  bad token, anything at all, is a refusal (fail closed).
- ``confirm_trade_exit``: the same for the exit, as a ``reduce_only`` order. A refusal by the gate is respected;
  when Rampart cannot be reached the exit goes ahead unless ``allow_exits_when_unavailable`` is false (an exit
  held back by an outage keeps the position open with no gate at all).
- ``order_filled``: reports the order's fill (``report_fill``) and releases what did not fill. An order freqtrade
  filled without asking first (position adjustment, partial exit, liquidation, the forced exit at the end of a
  backtest) is reserved then and reported, so Rampart's positions stay freqtrade's.
- ``check_entry_timeout`` / ``check_exit_timeout``: when the order times out (the strategy's own answer, chained
  through ``super()``), its reservation is released; ``bot_loop_start`` releases those of orders freqtrade
  cancelled on its own (``unfilledtimeout``, a replaced order, an order never placed).
- In **backtesting and hyperopt** it opens a backtest session (``bot_start``): the gate runs at candle time over
  its own state (``starting_balance`` defaults to the config's ``dry_run_wallet``), and is closed at exit; each
  hyperopt epoch gets its own (a new one when candle time goes back), in each of hyperopt's workers. Live and dry
  runs use the service's own gate (``mode`` ``live`` or ``paper``).

A strategy that defines one of these callbacks itself must call ``super()`` (and, for ``confirm_*``, ``and`` its
own answer with it), as with any mixin.

freqtrade hands amounts and prices over as floats; they are converted through ``str`` (``0.1`` stays ``0.1``)
and rounded to the 8 decimals the service keeps (quantities down, prices to nearest).
"""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any

from ._client import DEFAULT_URL, Client
from ._errors import BadRequest, ExceedsReservation, RampartError
from ._models import Decision, FillReport
from ._session import Session

__all__ = ["RampartGuard"]

logger = logging.getLogger(__name__)

_PLACES = Decimal("0.00000001")
_BACKTESTING = ("backtest", "hyperopt")


def _decimal(value: object, rounding: str) -> Decimal:
    """A freqtrade number (a float) as an 8-place Decimal, through its shortest ``str``."""
    if isinstance(value, bool):
        raise TypeError("expected a number, got bool")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return number.quantize(_PLACES, rounding=rounding)


@dataclass
class _Reservation:
    """An order the gate reserved room for; ``reported`` is what its fills reported so far."""

    client_order_id: str
    pair: str
    side: str
    quantity: Decimal
    reported: Decimal = Decimal(0)
    order_id: str | None = None


@dataclass(frozen=True)
class _Settings:
    url: str
    token: str | None
    bot: str
    account: str | None
    profile: str | None
    starting_balance: Decimal | None
    timeout: float
    allow_exits_when_unavailable: bool

    @classmethod
    def read(cls, config: Mapping[str, Any]) -> _Settings:
        section = config.get("rampart") or {}
        if not isinstance(section, Mapping):
            raise ValueError("config 'rampart': expected an object")
        unknown = set(section) - {
            "url",
            "token",
            "bot",
            "account",
            "profile",
            "starting_balance",
            "timeout",
            "allow_exits_when_unavailable",
        }
        if unknown:
            raise ValueError(f"config 'rampart': unknown key(s) {', '.join(sorted(unknown))}")
        balance = section.get("starting_balance")
        if balance is None:
            wallet = config.get("dry_run_wallet")
            if isinstance(wallet, Mapping):
                wallet = wallet.get(config.get("stake_currency", ""))
            balance = wallet
        return cls(
            url=str(section.get("url") or os.environ.get("RAMPART_URL") or DEFAULT_URL),
            token=section.get("token") or os.environ.get("RAMPART_TOKEN") or None,
            bot=str(section.get("bot") or config.get("bot_name") or "freqtrade"),
            account=section.get("account"),
            profile=section.get("profile"),
            starting_balance=None if balance is None else _decimal(balance, ROUND_DOWN),
            timeout=float(section.get("timeout", 10)),
            allow_exits_when_unavailable=bool(section.get("allow_exits_when_unavailable", True)),
        )


if TYPE_CHECKING:
    _StrategyBase = object
else:
    try:
        # Deriving from IStrategy keeps freqtrade's hyperopt sound with several workers: before pickling the strategy
        # it registers the module of every base class up to IStrategy to be pickled by value, and a mixin on `object`
        # led that walk to `builtins` (cloudpickle then fails with "excessively deep recursion").
        from freqtrade.strategy import IStrategy as _StrategyBase
    except ImportError:  # the client without its [freqtrade] extra: the module still imports
        _StrategyBase = object


class RampartGuard(_StrategyBase):
    """A freqtrade strategy mixin that puts every entry and exit through Rampart (see the module's docs).

    ``class MyStrategy(RampartGuard, IStrategy)``. It keeps its state in attributes named ``_rampart_…``."""

    config: Any
    """the freqtrade config (set by ``IStrategy.__init__``)"""

    _rampart_settings_: _Settings | None = None
    _rampart_client_: Client | None = None
    _rampart_session_: Session | None = None
    _rampart_last_time_: datetime | None = None
    _rampart_reservations_: dict[str, _Reservation] | None = None
    _rampart_counter_: int = 0
    _rampart_session_error_: str | None = None

    # -- set-up ------------------------------------------------------------------------------------------

    @property
    def rampart_backtesting(self) -> bool:
        """True in backtesting and hyperopt, where orders go to a session at candle time."""
        runmode = (getattr(self, "config", None) or {}).get("runmode")
        return str(getattr(runmode, "value", runmode)) in _BACKTESTING

    @property
    def rampart_live(self) -> bool:
        runmode = (getattr(self, "config", None) or {}).get("runmode")
        return str(getattr(runmode, "value", runmode)) == "live"

    def _rampart_settings(self) -> _Settings:
        if self._rampart_settings_ is None:
            self._rampart_settings_ = _Settings.read(getattr(self, "config", None) or {})
        return self._rampart_settings_

    def rampart_client(self) -> Client:
        """The strategy's client (made on first use)."""
        if self._rampart_client_ is None:
            settings = self._rampart_settings()
            self._rampart_client_ = Client(settings.url, token=settings.token, timeout=settings.timeout)
        return self._rampart_client_

    def _rampart_reservations(self) -> dict[str, _Reservation]:
        if self._rampart_reservations_ is None:
            self._rampart_reservations_ = {}
        return self._rampart_reservations_

    def __getstate__(self) -> dict[str, Any]:
        # Hyperopt copies the strategy into worker processes: the connection pool and the session stay behind,
        # each worker opens its own.
        state = dict(self.__dict__)
        for key in ("_rampart_client_", "_rampart_session_", "_rampart_last_time_", "_rampart_reservations_"):
            state.pop(key, None)
        return state

    def _rampart_open_session(self) -> Session | None:
        """The backtest session, opened now if there is none; None (logged) when Rampart cannot open one."""
        if self._rampart_session_ is not None:
            return self._rampart_session_
        settings = self._rampart_settings()
        try:
            session = self.rampart_client().open_session(settings.profile, settings.starting_balance)
        except Exception as error:
            why = f"{type(error).__name__}: {error}"
            if why != self._rampart_session_error_:  # once per distinct failure, not once per candle
                logger.error("rampart: no backtest session (%s); every entry is refused (fail closed)", why)
            self._rampart_session_error_ = why
            return None
        self._rampart_session_error_ = None
        self._rampart_session_ = session
        self._rampart_last_time_ = None
        self._rampart_reservations_ = {}
        self._rampart_counter_ = 0
        atexit.register(self._rampart_close_session, session)
        logger.info(
            "rampart: backtest session %s opened (profile %s, %s, starting balance %s) for bot %s",
            session.id,
            session.info.profile,
            (session.info.profile_hash or "")[:12],
            session.info.starting_balance,
            settings.bot,
        )
        return session

    def _rampart_close_session(self, session: Session) -> None:
        if session.closed:
            return
        try:
            final = session.close()
            logger.info(
                "rampart: backtest session %s closed: %d allowed, %d denied, %d fills, %d open orders, %d positions",
                session.id,
                final.allowed,
                final.denied,
                final.fills,
                len(final.open_orders),
                len(final.positions),
            )
        except Exception as error:
            logger.warning("rampart: could not close backtest session %s: %s", session.id, error)
        if self._rampart_session_ is session:
            self._rampart_session_ = None

    def _rampart_session_at(self, time: datetime) -> Session | None:
        """The session for an order at candle ``time``; a new one when time went back (hyperopt's next epoch)."""
        last = self._rampart_last_time_
        if self._rampart_session_ is not None and last is not None and time < last:
            logger.info("rampart: candle time went back (%s after %s): a new session", time, last)
            self._rampart_close_session(self._rampart_session_)
        session = self._rampart_open_session()
        if session is not None:
            self._rampart_last_time_ = time
        return session

    def _rampart_next_id(self) -> str:
        if self.rampart_backtesting:
            self._rampart_counter_ += 1
            return f"bt-{self._rampart_counter_}"
        return f"ft-{uuid.uuid4().hex[:24]}"

    def _rampart_super(self, name: str) -> Callable[..., Any] | None:
        found = getattr(super(), name, None)
        return found if callable(found) else None

    # -- the gate ----------------------------------------------------------------------------------------

    def _rampart_submit(
        self,
        *,
        pair: str,
        side: str,
        order_type: str,
        amount: object,
        rate: object,
        time: datetime,
        reduce_only: bool,
        client_order_id: str | None = None,
    ) -> tuple[Decision, _Reservation | None]:
        """Asks the gate for a bot-executed order; the reservation when allowed. Fails closed, never raises
        for Rampart's sake (a bad number raises ``ValueError``)."""
        settings = self._rampart_settings()
        quantity = _decimal(amount, ROUND_DOWN)
        price = _decimal(rate, ROUND_HALF_EVEN)
        coid = client_order_id or self._rampart_next_id()
        order: dict[str, object] = {
            "bot": settings.bot,
            "symbol": pair,
            "side": side,
            "type": "market" if "market" in order_type else "limit",
            "quantity": quantity,
            "reference_price": price,
            "client_order_id": coid,
            "execution": "external",
        }
        if order["type"] == "limit":
            order["price"] = price
        if reduce_only:
            order["reduce_only"] = True
        if settings.account:
            order["account"] = settings.account
        if self.rampart_backtesting:
            session = self._rampart_session_at(time)
            if session is None:
                why = f"no backtest session ({self._rampart_session_error_})"
                return Decision.fail_closed(why, "no session", coid), None
            decision = session.submit(order, time=time)
        else:
            order["mode"] = "live" if self.rampart_live else "paper"
            decision = self.rampart_client().submit(order)
        if not decision.allowed:
            return decision, None
        reservation = _Reservation(coid, pair, side, quantity)
        self._rampart_reservations()[coid] = reservation
        return decision, reservation

    def _rampart_report(self, reservation: _Reservation, filled: Decimal, price: Decimal, fee: Decimal,
                        time: datetime) -> FillReport | None:
        """Reports what filled beyond what was reported before (the fill id names the cumulative quantity, so a
        report sent twice books once)."""
        quantity = filled - reservation.reported
        if quantity <= 0:
            return None
        fill_id = f"{reservation.client_order_id}:{filled.normalize():f}"[:64]
        if self.rampart_backtesting:
            session = self._rampart_session_
            if session is None:
                raise RampartError("the backtest session is gone")
            report = session.report_fill(
                reservation.client_order_id, fill_id=fill_id, quantity=quantity, price=price, fee=fee, time=time
            )
        else:
            report = self.rampart_client().report_fill(
                reservation.client_order_id, fill_id=fill_id, quantity=quantity, price=price, fee=fee
            )
        reservation.reported = filled
        return report

    def _rampart_release(self, reservation: _Reservation, why: str) -> None:
        """Releases what the order has left and forgets it."""
        self._rampart_reservations().pop(reservation.client_order_id, None)
        try:
            if self.rampart_backtesting:
                if self._rampart_session_ is None:
                    return
                released = self._rampart_session_.cancel(reservation.client_order_id)
            else:
                released = self.rampart_client().cancel(reservation.client_order_id)
            logger.info(
                "rampart: released %s %s (%s): %s of %s",
                reservation.client_order_id,
                reservation.pair,
                why,
                released.released_quantity,
                reservation.quantity,
            )
        except BadRequest as error:
            # 404 not_resting / unknown_order, 409 order_closed: nothing is held for it any more.
            level = logging.INFO if error.status in (404, 409) else logging.WARNING
            logger.log(level, "rampart: nothing released for %s (%s): %s", reservation.client_order_id, why, error)
        except Exception as error:
            logger.warning("rampart: could not release %s (%s): %s", reservation.client_order_id, why, error)

    def _rampart_find(self, pair: str, side: str, order_id: str | None) -> _Reservation | None:
        """The reservation of freqtrade's order: the one bound to its id, else the oldest unbound one of the
        pair and side (the reservation its confirm callback made just before freqtrade placed it)."""
        reservations = self._rampart_reservations().values()
        for reservation in reservations:
            if order_id is not None and reservation.order_id == order_id:
                return reservation
        for reservation in reservations:
            if reservation.order_id is None and reservation.pair == pair and reservation.side == side:
                reservation.order_id = order_id
                return reservation
        return None

    @staticmethod
    def _rampart_log_refusal(what: str, pair: str, side: str, amount: object, decision: Decision) -> None:
        rules = ",".join(decision.rules) or "denied"
        logger.info("rampart: refused %s %s %s %s [%s]: %s", what, side, amount, pair, rules, decision.reason)

    # -- freqtrade's callbacks ---------------------------------------------------------------------------

    def bot_start(self, **kwargs: Any) -> None:
        """Opens the backtest session in backtesting and hyperopt."""
        chained = self._rampart_super("bot_start")
        if chained is not None:
            chained(**kwargs)
        try:
            if self.rampart_backtesting:
                self._rampart_open_session()
            else:
                settings = self._rampart_settings()
                if not self.rampart_client().ready():
                    logger.error("rampart: %s is not ready; entries are refused until it is", settings.url)
        except Exception as error:
            logger.error("rampart: set-up failed (%s); every entry is refused (fail closed)", error)

    def bot_loop_start(self, current_time: datetime, **kwargs: Any) -> None:
        """Releases the reservations of orders freqtrade no longer has open (cancelled, timed out, never placed)."""
        chained = self._rampart_super("bot_loop_start")
        if chained is not None:
            chained(current_time=current_time, **kwargs)
        try:
            reservations = list(self._rampart_reservations().values())
            if not reservations:
                return
            trades = importlib.import_module("freqtrade.persistence").Trade
            for reservation in reservations:
                still_open = False
                for trade in trades.get_trades_proxy(pair=reservation.pair, is_open=True):
                    order = trade.select_order(reservation.side, True)
                    if order is not None and (reservation.order_id in (None, str(order.order_id))):
                        still_open = True
                if not still_open:
                    self._rampart_release(reservation, "order no longer open")
        except Exception as error:
            logger.warning("rampart: could not check open reservations: %s", error)

    def confirm_trade_entry(
        self,
        pair: str,
        order_type: str,
        amount: float,
        rate: float,
        time_in_force: str,
        current_time: datetime,
        entry_tag: str | None,
        side: str,
        **kwargs: Any,
    ) -> bool:
        """True only when the gate allowed and reserved the entry. Never raises."""
        try:
            chained = self._rampart_super("confirm_trade_entry")
            if chained is not None and not chained(
                pair=pair,
                order_type=order_type,
                amount=amount,
                rate=rate,
                time_in_force=time_in_force,
                current_time=current_time,
                entry_tag=entry_tag,
                side=side,
                **kwargs,
            ):
                return False
            order_side = "sell" if side == "short" else "buy"
            decision, reservation = self._rampart_submit(
                pair=pair,
                side=order_side,
                order_type=order_type,
                amount=amount,
                rate=rate,
                time=current_time,
                reduce_only=False,
            )
            if reservation is None:
                self._rampart_log_refusal("entry", pair, order_side, amount, decision)
                return False
            logger.info(
                "rampart: allowed entry %s %s %s at %s as %s",
                order_side,
                reservation.quantity,
                pair,
                current_time.isoformat(),
                reservation.client_order_id,
            )
            return True
        except Exception as error:  # an exception here would be a yes to freqtrade
            logger.error("rampart: refused entry %s: %s: %s (fail closed)", pair, type(error).__name__, error)
            return False

    def confirm_trade_exit(
        self,
        pair: str,
        trade: Any,
        order_type: str,
        amount: float,
        rate: float,
        time_in_force: str,
        exit_reason: str,
        current_time: datetime,
        **kwargs: Any,
    ) -> bool:
        """True when the gate allowed the exit (``reduce_only``), or Rampart could not be reached and
        ``allow_exits_when_unavailable`` (default) holds. Never raises."""
        try:
            chained = self._rampart_super("confirm_trade_exit")
            if chained is not None and not chained(
                pair=pair,
                trade=trade,
                order_type=order_type,
                amount=amount,
                rate=rate,
                time_in_force=time_in_force,
                exit_reason=exit_reason,
                current_time=current_time,
                **kwargs,
            ):
                return False
            order_side = "buy" if getattr(trade, "is_short", False) else "sell"
            decision, reservation = self._rampart_submit(
                pair=pair,
                side=order_side,
                order_type=order_type,
                amount=amount,
                rate=rate,
                time=current_time,
                reduce_only=True,
            )
            if reservation is not None:
                logger.info(
                    "rampart: allowed exit %s %s %s at %s as %s (%s)",
                    order_side,
                    reservation.quantity,
                    pair,
                    current_time.isoformat(),
                    reservation.client_order_id,
                    exit_reason,
                )
                return True
            if decision.unavailable and self._rampart_settings().allow_exits_when_unavailable:
                logger.warning("rampart: exit %s goes ahead without the gate: %s", pair, decision.reason)
                return True
            self._rampart_log_refusal("exit", pair, order_side, amount, decision)
            return False
        except Exception as error:
            allow = self._rampart_exit_on_error()
            logger.error("rampart: exit %s: %s: %s; %s", pair, type(error).__name__, error,
                         "it goes ahead" if allow else "refused")
            return allow

    def _rampart_exit_on_error(self) -> bool:
        try:
            return self._rampart_settings().allow_exits_when_unavailable
        except Exception:
            return True

    def order_filled(self, pair: str, trade: Any, order: Any, current_time: datetime, **kwargs: Any) -> None:
        """Reports the order's fill to the gate and releases what did not fill."""
        chained = self._rampart_super("order_filled")
        if chained is not None:
            chained(pair=pair, trade=trade, order=order, current_time=current_time, **kwargs)
        try:
            self._rampart_settle(pair, trade, order, current_time, "filled")
        except Exception as error:
            logger.error("rampart: could not report the fill of %s %s: %s", pair, getattr(order, "order_id", "?"),
                         error)

    def check_entry_timeout(self, pair: str, trade: Any, order: Any, current_time: datetime, **kwargs: Any) -> bool:
        """The strategy's own answer (through ``super()``); when it times the order out, the reservation goes."""
        return self._rampart_timeout("check_entry_timeout", pair, trade, order, current_time, **kwargs)

    def check_exit_timeout(self, pair: str, trade: Any, order: Any, current_time: datetime, **kwargs: Any) -> bool:
        """As ``check_entry_timeout``, for exits."""
        return self._rampart_timeout("check_exit_timeout", pair, trade, order, current_time, **kwargs)

    def _rampart_timeout(self, name: str, pair: str, trade: Any, order: Any, current_time: datetime,
                         **kwargs: Any) -> bool:
        chained = self._rampart_super(name)
        timed_out = bool(chained(pair=pair, trade=trade, order=order, current_time=current_time, **kwargs)) if (
            chained is not None
        ) else False
        if timed_out:
            try:
                self._rampart_settle(pair, trade, order, current_time, "timed out")
            except Exception as error:
                logger.warning("rampart: could not settle timed-out order of %s: %s", pair, error)
        return timed_out

    def _rampart_settle(self, pair: str, trade: Any, order: Any, time: datetime, why: str) -> None:
        """Reports ``order``'s fills and, when it is done (filled, or timed out), releases the rest."""
        side = str(order.ft_order_side)
        order_id = None if order.order_id is None else str(order.order_id)
        filled = _decimal(order.safe_filled, ROUND_DOWN)
        reservation = self._rampart_find(pair, side, order_id)
        if reservation is None:
            if filled <= 0:
                return
            reservation = self._rampart_book_unasked(pair, trade, order, filled, time)
            if reservation is None:
                return
        price = _decimal(order.safe_price, ROUND_HALF_EVEN)
        entry = side == getattr(trade, "entry_side", "buy")
        fee_rate = getattr(trade, "fee_open" if entry else "fee_close", 0) or 0
        fee = (filled - reservation.reported) * price * _decimal(fee_rate, ROUND_HALF_EVEN)
        fee = fee.quantize(_PLACES, rounding=ROUND_HALF_EVEN)
        try:
            report = self._rampart_report(reservation, min(filled, reservation.quantity), price, fee, time)
        except ExceedsReservation as error:
            logger.error("rampart: fill of %s beyond its reservation: %s", reservation.client_order_id, error)
            report = None
        if filled > reservation.quantity:
            logger.error(
                "rampart: %s filled %s, more than the %s reserved; Rampart booked %s",
                reservation.client_order_id, filled, reservation.quantity, reservation.quantity,
            )
        if report is not None and report.off_market:
            logger.warning("rampart: fill of %s was off the market (%s)", reservation.client_order_id,
                           report.market_price)
        if report is not None and report.order.done:
            self._rampart_reservations().pop(reservation.client_order_id, None)
        elif why != "filled" or getattr(order, "status", "closed") != "open":
            self._rampart_release(reservation, why)

    def _rampart_book_unasked(self, pair: str, trade: Any, order: Any, filled: Decimal,
                              time: datetime) -> _Reservation | None:
        """An order freqtrade filled without a confirm callback (position adjustment, partial or forced exit):
        reserved now so its fill can be booked."""
        side = str(order.ft_order_side)
        exit_side = getattr(trade, "exit_side", "sell")
        decision, reservation = self._rampart_submit(
            pair=pair,
            side=side,
            order_type=str(getattr(order, "order_type", None) or "market"),
            amount=filled,
            rate=order.safe_price,
            time=time,
            reduce_only=side == exit_side,
        )
        if reservation is None:
            logger.error(
                "rampart: %s %s %s filled without a confirm callback and the gate refused to book it [%s]: %s",
                side, filled, pair, ",".join(decision.rules), decision.reason,
            )
            return None
        reservation.order_id = None if order.order_id is None else str(order.order_id)
        logger.info("rampart: booked %s %s %s filled without a confirm callback (%s)", side, filled, pair,
                    getattr(order, "ft_order_tag", None) or "no tag")
        return reservation
