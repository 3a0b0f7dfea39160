"""The steps a session can take, as data: what changes and the events that say so.

Its seats and waiting list take the steps every place with seats shares
(shared/rules/seating.py: `Join` confirmed or waitlisted, `Leave` with the first waiting
promoted, `CloseAll` when the session is cancelled); attendance is its own. The session
decides which step applies (sessions.py); the repository writes each as one conditional
update (docs/catalog.md); `Session.apply` is the same step on the object in memory."""

from dataclasses import dataclass

from services.catalog.contract.events import AttendanceRecorded
from shared.rules.seating import CloseAll, Join, Leave


@dataclass(frozen=True)
class RecordAttendance:
    enrollment_id: str
    attended: bool
    completed: bool
    event: AttendanceRecorded


Step = Join | Leave | CloseAll | RecordAttendance
