"""The languages the platform writes to people in: every message has a template in each
(notifications), and a participant or a training names one of them."""

import enum


class Language(enum.StrEnum):
    FR = "fr"
    EN = "en"
    NL = "nl"
