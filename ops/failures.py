"""How an operator's command fails: one plain sentence on stderr and a non-zero exit code,
never a traceback, for what can be expected (RabbitMQ or the gateway unreachable, an id
that is not there, a request the API refuses).

    exit 1  the command could not do what was asked (unknown id, refused by the API)
    exit 3  RabbitMQ or the gateway is unreachable
"""

import contextlib
from collections.abc import Iterator
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

from ops.api import GatewayError, GatewayUnreachable
from ops.broker import BrokerUnreachable

FAILED, UNREACHABLE = 1, 3
errors = Console(stderr=True, highlight=False)


def fail(message: str, code: int = FAILED) -> NoReturn:
    errors.print(Text.assemble(("error: ", "red"), message), soft_wrap=True)
    raise typer.Exit(code=code)


@contextlib.contextmanager
def explained() -> Iterator[None]:
    """Turns the expected failures of a command into a sentence and an exit code."""
    try:
        yield
    except (BrokerUnreachable, GatewayUnreachable) as exc:
        fail(str(exc), UNREACHABLE)
    except GatewayError as exc:
        fail(str(exc), FAILED)
