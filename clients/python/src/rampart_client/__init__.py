"""Python client for Rampart, a pre-trade risk gate.

```python
from decimal import Decimal
from rampart_client import Client, Order

with Client("http://127.0.0.1:8080", token="rmp_…") as rampart:
    decision = rampart.check(Order(bot="b1", symbol="BTC/USDT", side="buy", type="limit",
                                   quantity=Decimal("0.01"), price=Decimal("65000"),
                                   reference_price=Decimal("65000")))
    if decision.allowed:
        ...
```

Money is ``Decimal`` both ways; a ``float`` amount raises ``TypeError``. ``check``/``submit`` **fail closed**: when
Rampart cannot be reached they return a denied ``Decision`` (rule ``unavailable``), never an exception.
"""

from ._client import DEFAULT_TIMEOUT, DEFAULT_URL, AsyncClient, Client
from ._errors import (
    BadRequest,
    Denied,
    ExceedsReservation,
    FillIdConflict,
    Forbidden,
    OrderClosed,
    OutOfScope,
    RampartError,
    SessionLimit,
    Throttled,
    Unauthorized,
    Unavailable,
    UnavailableDenied,
    UnknownOrder,
    UnknownSession,
)
from ._models import (
    UNAVAILABLE_RULE,
    AccountState,
    BotState,
    Decision,
    Eligibility,
    EmergencyStop,
    Execution,
    ExternalOrder,
    FillReport,
    OperatorState,
    Order,
    OrderProgress,
    PendingLiveOrder,
    Position,
    Prices,
    Quote,
    SessionAccount,
    SessionInfo,
    SessionPosition,
    SessionState,
    State,
    Violation,
)
from ._money import Money
from ._session import AsyncSession, Session
from ._time import Time
from ._version import __version__

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_URL",
    "UNAVAILABLE_RULE",
    "AccountState",
    "AsyncClient",
    "AsyncSession",
    "BadRequest",
    "BotState",
    "Client",
    "Decision",
    "Denied",
    "Eligibility",
    "EmergencyStop",
    "ExceedsReservation",
    "Execution",
    "ExternalOrder",
    "FillIdConflict",
    "FillReport",
    "Forbidden",
    "Money",
    "OperatorState",
    "Order",
    "OrderClosed",
    "OrderProgress",
    "OutOfScope",
    "PendingLiveOrder",
    "Position",
    "Prices",
    "Quote",
    "RampartError",
    "Session",
    "SessionAccount",
    "SessionInfo",
    "SessionLimit",
    "SessionPosition",
    "SessionState",
    "State",
    "Throttled",
    "Time",
    "Unauthorized",
    "Unavailable",
    "UnavailableDenied",
    "UnknownOrder",
    "UnknownSession",
    "Violation",
    "__version__",
]
