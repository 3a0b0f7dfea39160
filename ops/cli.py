"""`maillage`: the operators' command (README, "Operating"). Each group of commands lives in a
module of its own under ops/; this module only assembles them.

    maillage status            maillage up catalog        maillage dlq list
"""

import typer

from ops import events, keys, lifecycle, status
from ops.dlq import command as dlq
from ops.seed import command as seed

app = typer.Typer(help="Run, watch and repair the Maillage platform.", no_args_is_help=True,
                  rich_markup_mode="markdown",  # a docstring's lines join into paragraphs
                  add_completion=False)
app.command("up")(lifecycle.up)
app.command("down")(lifecycle.down)
app.command("status")(status.status)
app.add_typer(dlq.app, name="dlq")
app.add_typer(events.app, name="events")
app.add_typer(keys.app, name="keys")
app.command("seed")(seed.seed)
