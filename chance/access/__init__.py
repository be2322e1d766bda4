"""Who may see a youth: the access policy (``policy``) and the view decorator (``views``)."""

from .policy import (
    EVERY_YOUTH,
    Clause,
    Ground,
    Need,
    RoleAction,
    YouthAccess,
    YouthRefused,
    clause,
    forget_compiled_queries,
    holds,
    program_youths,
    register_ground,
    register_role_action,
    visible_youths,
    youth_access,
)
from .views import access_for_request, youth_view

__all__ = [
    "EVERY_YOUTH",
    "Clause",
    "Ground",
    "Need",
    "RoleAction",
    "YouthAccess",
    "YouthRefused",
    "access_for_request",
    "clause",
    "forget_compiled_queries",
    "holds",
    "program_youths",
    "register_ground",
    "register_role_action",
    "visible_youths",
    "youth_access",
    "youth_view",
]
