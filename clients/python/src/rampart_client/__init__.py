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
    Forbidden,
    OutOfScope,
    RampartError,
    Throttled,
    Unauthorized,
    Unavailable,
    UnavailableDenied,
)
from ._models import (
    UNAVAILABLE_RULE,
    AccountState,
    BotState,
    Decision,
    Eligibility,
    EmergencyStop,
    Execution,
    OperatorState,
    Order,
    PendingLiveOrder,
    Position,
    Prices,
    Quote,
    State,
    Violation,
)
from ._money import Money
from ._version import __version__

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_URL",
    "UNAVAILABLE_RULE",
    "AccountState",
    "AsyncClient",
    "BadRequest",
    "BotState",
    "Client",
    "Decision",
    "Denied",
    "Eligibility",
    "EmergencyStop",
    "Execution",
    "Forbidden",
    "Money",
    "OperatorState",
    "Order",
    "OutOfScope",
    "PendingLiveOrder",
    "Position",
    "Prices",
    "Quote",
    "RampartError",
    "State",
    "Throttled",
    "Unauthorized",
    "Unavailable",
    "UnavailableDenied",
    "Violation",
    "__version__",
]
