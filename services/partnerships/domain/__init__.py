"""The partnerships service's rules, in plain Python (no nameko, no MongoDB):
organizations.py (joining the network) and partnerships.py (relationships between members)."""

from services.partnerships.domain.organizations import Organization, name_key
from services.partnerships.domain.partnerships import Activity, Partnership, kind_between

__all__ = ["Activity", "Organization", "Partnership", "kind_between", "name_key"]
