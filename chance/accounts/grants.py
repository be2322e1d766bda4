"""A user's roles and role-wide permissions, cached between requests.

Every signed-in page needs both (navigation, permission checks); from the database they cost
three queries per request. Here they are one cache round trip. Correctness first:

- Every change that can alter anyone's grants (group membership, a group's or a user's direct
  permissions, a group or permission deleted) replaces the *generation* token, and an entry is
  used only under the generation it was computed in. A revoked role stops working at the next
  request, in every process.
- The token is random, never a counter: a cache that lost the token (restart, eviction) starts a
  new one instead of counting back up to a generation some stale entry still carries.
- The key holds the user's id, date joined and superuser flag, and entries expire after
  ``TTL_SECONDS`` whatever happens, bounding the damage of a cache that outlives its database
  (a restore): an entry can never belong to another user row.

Object-level grants (case teams, through django-guardian) are not cached here.
"""

from dataclasses import dataclass
from uuid import uuid4

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

GENERATION_KEY = "grants:generation"
TTL_SECONDS = 300


@dataclass(frozen=True)
class Grants:
    roles: frozenset[str]
    perms: frozenset[str]


def _key(user) -> str:
    joined = user.date_joined.timestamp() if user.date_joined else 0
    return f"grants:{user.pk}:{joined}:{int(user.is_superuser)}"


def invalidate_all() -> None:
    """Start a new generation: every cached entry stops being used."""
    cache.set(GENERATION_KEY, uuid4().hex, timeout=None)


def on_grants_changed(sender, **kwargs):
    """Signal receiver (connected in AccountsConfig.ready) for saves, deletes and m2m changes."""
    action = kwargs.get("action")
    if action is None or action.startswith("post_"):
        invalidate_all()


def _load(user) -> Grants:
    backend = ModelBackend()
    return Grants(
        roles=frozenset(user.groups.values_list("name", flat=True)),
        perms=frozenset(backend.get_user_permissions(user) | backend.get_group_permissions(user)),
    )


def grants_for(user) -> Grants:
    """The user's roles and role-wide permissions: once per request object, from the cache."""
    cached = getattr(user, "_grants", None)
    if cached is not None:
        return cached
    key = _key(user)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        grants = entry[1]
    else:
        if generation is None:
            generation = uuid4().hex
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                generation = cache.get(GENERATION_KEY)
        grants = _load(user)
        if generation is not None:
            cache.set(key, (generation, grants), timeout=TTL_SECONDS)
    user._grants = grants
    return grants


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, reading role-wide permissions through ``grants_for``."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return grants_for(user_obj).perms
