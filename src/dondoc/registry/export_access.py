"""Who may export personal data of an agency's records.

INTERIM (issue 13): a stand-in for `dondoc.org`'s `can_export_personal_data(user, agency)`,
which reads the per-agency grants administrators give (another part of the issue). Until it
lands, only an active superuser may export personal data. When it does, this module becomes
`from dondoc.org.<module> import can_export_personal_data` and its callers stay as they are:
`registry.transfer.registry_export` (used by the export page, the API and
`dondoc registry export`) and the registry's home page.
"""

from __future__ import annotations

from typing import Any

from dondoc.org.models import Agency


def can_export_personal_data(user: Any, agency: Agency) -> bool:
    """Whether `user` may export the records with personal data kept by `agency`."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
