"""Backtest sessions: an isolated in-memory gate at candle time (``Client.open_session``)."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import TYPE_CHECKING

from ._models import Decision, Execution, FillReport, SessionInfo, SessionState
from ._money import Money
from ._time import Time

if TYPE_CHECKING:
    from ._client import AsyncClient, Client, OrderLike

__all__ = ["AsyncSession", "Session"]

logger = logging.getLogger("rampart_client")


class _SessionBase:
    info: SessionInfo
    _closed: SessionState | None

    @property
    def id(self) -> str:
        """The session's id (``s-…``)."""
        return self.info.session_id

    @property
    def closed(self) -> bool:
        return self._closed is not None

    def _path(self, tail: str) -> str:
        from ._client import _session_path

        return _session_path(self.id) + tail

    def __repr__(self) -> str:
        return f"rampart_client.{type(self).__name__}({self.id!r}, profile={self.info.profile!r})"


class Session(_SessionBase):
    """A backtest session of a ``Client``: the gate at the candle ``time`` each order and fill carries (never
    earlier than the session's last one), over its own in-memory state; nothing of it is journaled.

    Orders are bot-executed: ``submit`` decides and reserves, ``report_fill`` books what the backtest filled,
    ``cancel`` releases the rest. ``check`` and ``submit`` **fail closed** like the client's. Use it as a context
    manager, or call ``close()``, which ends the session on the service and answers its final state."""

    def __init__(self, client: Client, info: SessionInfo) -> None:
        self.client = client
        self.info = info
        self._closed = None

    def check(self, order: OrderLike, *, time: Time | None = None) -> Decision:
        """What-if at ``time`` (or the order's ``time`` key). Fails closed."""
        return self.client._decide(self._path("/orders/check"), order, None, time, True)

    def submit(self, order: OrderLike, *, time: Time | None = None) -> Decision:
        """Decides and reserves at ``time``: ``execution.status`` ``reserved`` when allowed. Fails closed."""
        return self.client._decide(self._path("/orders"), order, None, time, True)

    def report_fill(
        self,
        client_order_id: str,
        *,
        fill_id: str,
        quantity: Money,
        price: Money,
        fee: Money = 0,
        time: Time,
    ) -> FillReport:
        """Books a fill at ``time``; raises as ``Client.report_fill`` does (``price_check`` is ``unchecked``)."""
        return self.client._run(
            self.client._fill_call(client_order_id, fill_id, quantity, price, fee, self.id, time)
        )

    def cancel(self, client_order_id: str) -> Execution:
        """Releases what the order has left (``released_quantity``)."""
        return self.client._run(self.client._cancel_call(client_order_id, self.id))

    def state(self) -> SessionState:
        """``GET /v1/sessions/{id}``: orders allowed and denied, open reservations, positions, realized P&L."""
        return self.client._run(self.client._session_state_call(self.id, close=False))

    def close(self) -> SessionState:
        """Ends the session (``DELETE /v1/sessions/{id}``) and answers its final state; again: that state."""
        if self._closed is None:
            self._closed = self.client._run(self.client._session_state_call(self.id, close=True))
        return self._closed

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
            return
        try:
            self.close()
        except Exception as error:  # the exception already raised is the one to see
            logger.warning("rampart: could not end session %s: %s", self.id, error)


class AsyncSession(_SessionBase):
    """The asyncio twin of ``Session`` (``AsyncClient.open_session``): the same methods, awaited."""

    def __init__(self, client: AsyncClient, info: SessionInfo) -> None:
        self.client = client
        self.info = info
        self._closed = None

    async def check(self, order: OrderLike, *, time: Time | None = None) -> Decision:
        """What-if at ``time``. Fails closed."""
        return await self.client._decide(self._path("/orders/check"), order, None, time, True)

    async def submit(self, order: OrderLike, *, time: Time | None = None) -> Decision:
        """Decides and reserves at ``time``. Fails closed."""
        return await self.client._decide(self._path("/orders"), order, None, time, True)

    async def report_fill(
        self,
        client_order_id: str,
        *,
        fill_id: str,
        quantity: Money,
        price: Money,
        fee: Money = 0,
        time: Time,
    ) -> FillReport:
        """Books a fill at ``time``."""
        return await self.client._run(
            self.client._fill_call(client_order_id, fill_id, quantity, price, fee, self.id, time)
        )

    async def cancel(self, client_order_id: str) -> Execution:
        """Releases what the order has left."""
        return await self.client._run(self.client._cancel_call(client_order_id, self.id))

    async def state(self) -> SessionState:
        """The session's state."""
        return await self.client._run(self.client._session_state_call(self.id, close=False))

    async def close(self) -> SessionState:
        """Ends the session and answers its final state; again: that state."""
        if self._closed is None:
            self._closed = await self.client._run(self.client._session_state_call(self.id, close=True))
        return self._closed

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            await self.close()
            return
        try:
            await self.close()
        except Exception as error:
            logger.warning("rampart: could not end session %s: %s", self.id, error)
