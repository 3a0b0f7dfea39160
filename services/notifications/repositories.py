"""Messages as stored, and each move of one as a single conditional write
(docs/notifications.md): recorded once per key, claimed by one delivery loop under a lease,
settled (sent, retried, failed) only by the loop that holds the claim."""

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from pymongo import ReturnDocument
from pymongo.errors import BulkWriteError

from services.notifications.contract.errors import UnknownMessage
from services.notifications.contract.events import NotificationFailed, NotificationSent
from services.notifications.contract.vocabulary import Channel, MessageStatus
from services.notifications.models import MessageDocument
from shared.storage.repository import Repository

DUPLICATE_KEY = 11000
SENDING, PENDING = MessageStatus.SENDING.value, MessageStatus.PENDING.value


class MessageRepository(Repository[MessageDocument]):
    document = MessageDocument
    not_found = UnknownMessage
    noun = "notification"

    def record(self, messages: Sequence[MessageDocument]) -> int:
        """Inserts the messages an event makes; one already recorded under its key (the
        event delivered again) is left as it is. Returns how many are new."""
        if not messages:
            return 0
        rows = [{**m.to_mongo().to_dict(), "revision": 1, "outbox": [], "request_ids": []}
                for m in messages]
        try:
            return len(self._collection.insert_many(rows, ordered=False).inserted_ids)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(error.get("code") != DUPLICATE_KEY for error in errors):
                raise
            return len(rows) - len(errors)

    def claim_next(self, channel: Channel, owner: str, now: datetime,
                   lease: timedelta) -> MessageDocument | None:
        """The message of `channel` due first, now `sending` for `owner` until the lease
        ends; None when none is due. Two loops never claim the same one: the update is
        conditional."""
        raw = self._collection.find_one_and_update(
            {"status": PENDING, "channel": channel.value, "next_attempt_at": {"$lte": now}},
            {"$set": {"status": SENDING, "claim": owner, "lease_until": now + lease,
                      "handed_over": False},
             "$inc": {"revision": 1}},
            sort=[("next_attempt_at", 1)], return_document=ReturnDocument.AFTER)
        return None if raw is None else self.from_raw(raw)

    def handing_over(self, message: MessageDocument, owner: str) -> bool:
        """The email is about to leave: from now on a crash makes it `unknown`, not due again."""
        return self._collection.update_one(
            {"_id": message.pk, "status": SENDING, "claim": owner},
            {"$set": {"handed_over": True}, "$inc": {"revision": 1}}).matched_count == 1

    def mark_sent(self, message: MessageDocument, owner: str, at: datetime) -> bool:
        event = NotificationSent(**_told(message, attempts=len(message.attempts) + 1))
        return self._settle(message, owner, {
            "$set": {"status": MessageStatus.SENT.value, "sent_at": at},
            "$push": {"attempts": {"at": at, "error": None}}}, event)

    def retry_later(self, message: MessageDocument, owner: str, at: datetime, error: str,
                    next_attempt_at: datetime) -> bool:
        return self._settle(message, owner, {
            "$set": {"status": PENDING, "next_attempt_at": next_attempt_at},
            "$push": {"attempts": {"at": at, "error": error}}})

    def mark_failed(self, message: MessageDocument, owner: str, at: datetime, error: str) -> bool:
        event = NotificationFailed(**_told(message, attempts=len(message.attempts) + 1),
                                   error=error)
        return self._settle(message, owner, {
            "$set": {"status": MessageStatus.FAILED.value},
            "$push": {"attempts": {"at": at, "error": error}}}, event)

    def mark_unknown(self, message: MessageDocument, owner: str, at: datetime, error: str) -> bool:
        """The email went and no answer came: the server may have it, so never again."""
        return self._settle(message, owner, {
            "$set": {"status": MessageStatus.UNKNOWN.value},
            "$push": {"attempts": {"at": at, "error": error}}})

    def release(self, owner: str, keep: Collection[str], now: datetime) -> int:
        """Gives back the claims `owner` holds on messages it is not sending (those in `keep`
        it is): due again now. One already handed to the mail server is left to `cut_short`."""
        return self._collection.update_many(
            {"status": SENDING, "claim": owner, "handed_over": False, "_id": {"$nin": list(keep)}},
            {"$set": {"status": PENDING, "claim": None, "next_attempt_at": now},
             "$inc": {"revision": 1}}).modified_count

    def cut_short(self, now: datetime) -> list[MessageDocument]:
        """Messages whose sender stopped mid-send (its lease ended). An email already handed
        to the mail server becomes `unknown`, never sent twice (SMTP cannot be asked whether
        it has it); one that was not, and a webhook (its receiver drops a repeat by
        X-Maillage-Event-Id), are due again."""
        settled = []
        error = "the process stopped while sending"
        for raw in self._collection.find({"status": SENDING, "lease_until": {"$lt": now}}):
            maybe_delivered = raw["channel"] == Channel.EMAIL.value and raw.get("handed_over")
            changes = ({"status": MessageStatus.UNKNOWN.value} if maybe_delivered
                       else {"status": PENDING, "next_attempt_at": now})
            written = self._collection.find_one_and_update(
                {"_id": raw["_id"], "status": SENDING, "claim": raw.get("claim")},
                {"$set": {**changes, "claim": None},
                 "$push": {"attempts": {"at": now, "error": error}}, "$inc": {"revision": 1}},
                return_document=ReturnDocument.AFTER)
            if written is not None:
                settled.append(self.from_raw(written))
        return settled

    def _settle(self, message: MessageDocument, owner: str, changes: dict,
                *events: NotificationSent | NotificationFailed) -> bool:
        """Applies the outcome only while `owner` still holds the claim: a loop whose lease
        ran out (and whose message was settled by `cut_short`) changes nothing."""
        changes["$set"] = {**changes["$set"], "claim": None}
        return self.update_where(message.pk, {"status": SENDING, "claim": owner},
                                 changes, *events) is not None

    @property
    def _collection(self):
        return self.document._get_collection()


def _told(message: MessageDocument, attempts: int) -> dict:
    return {"message_id": message.pk, "about_event_id": message.event_id,
            "about_event_type": message.event_type, "channel": Channel(message.channel),
            "recipient_hash": message.recipient_hash, "attempts": attempts}
