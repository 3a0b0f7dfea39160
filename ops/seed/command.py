"""`maillage seed`: a realistic demo network through the public API, as a partner's volunteer
would build it by hand (the README's walk-through, at the scale of a real network).

Idempotent: every step looks for what exists through the API first and creates only what is
missing, and every write carries an Idempotency-Key, so a run interrupted and started again
(or run twice) ends with the same data. The partners' keys are kept in var/seed-keys.json.
The data itself is in demo_data.py and demo_programme.py, beside this module.
"""

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ops.api import Gateway, GatewayError, GatewayUnreachable
from ops.failures import FAILED, UNREACHABLE, fail
from ops.platform import var_dir
from ops.seed.conference import seed_conference
from ops.seed.demo_data import ORGANIZATIONS, PARTNERSHIPS
from ops.seed.demo_programme import CONFERENCE, TRAININGS
from ops.seed.network import SeedRefused, seed_organizations, seed_partnerships
from ops.seed.support import KeyFile, Seeding, Tally
from ops.seed.trainings import seed_trainings

KEYS_FILE = "seed-keys.json"
PARTS = (seed_organizations, seed_partnerships, seed_trainings, seed_conference)
console = Console()


def seed(var_dir_option: Path = typer.Option(  # noqa: B008 (typer's way of declaring options)
        None, "--var-dir",
        help="Where the partners' keys are kept (seed-keys.json): default MAILLAGE_VAR or var/",
)) -> None:
    """Fill the platform at MAILLAGE_API with demo organizations, partnerships, trainings
    and a conference; safe to run again (it creates only what is missing)."""
    tally = Tally()
    try:
        gateway = Gateway.from_environment()
        gateway.get("/health")  # says plainly if the gateway or a service is not there
        with _progress() as progress:
            task = progress.add_task("Seeding", total=_steps())
            seeding = Seeding(gateway, KeyFile((var_dir_option or var_dir()) / KEYS_FILE), tally,
                              lambda done: progress.update(task, advance=1, description=done[:60]),
                              datetime.now(UTC).date())
            for part in PARTS:
                part(seeding)
    except (GatewayUnreachable, GatewayError, SeedRefused) as failure:
        _summary(tally)
        fail(f"the seed stopped: {_explained(failure)}",
             UNREACHABLE if isinstance(failure, GatewayUnreachable) else FAILED)
    _summary(tally)
    if not sum(tally.created.values()):
        console.print("Nothing to create: the demo data was all there already.")


def _explained(failure: Exception) -> str:
    if isinstance(failure, GatewayError) and failure.status == 429:
        return (f"{failure.message} (the gateway limits how fast one address applies; run the "
                "seed again then: it goes on from where it stopped)")
    return str(failure)


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description:<60}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=console)


def _steps() -> int:
    """One step per organization, partnership, activity, training, participant, agenda item."""
    participants = sum(len(s["participants"]) for t in TRAININGS for s in t["sessions"])
    activities = sum(len(p["activities"]) for p in PARTNERSHIPS)
    conference = 1 + len(CONFERENCE["agenda"]) + 1 + len(CONFERENCE["registrations"])
    return len(ORGANIZATIONS) + len(PARTNERSHIPS) + activities + len(TRAININGS) + participants + conference


def _summary(tally: Tally) -> None:
    if not tally.kinds:
        return  # stopped before anything was looked at
    table = Table(title="maillage seed")
    table.add_column("kind")
    table.add_column("created", justify="right")
    table.add_column("already there", justify="right")
    for kind in tally.kinds:
        table.add_row(kind, str(tally.created[kind]), str(tally.found[kind]))
    console.print(table)
