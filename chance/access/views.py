"""The one way a view reaches a youth: fetch through the policy, log the access, hand it over."""

from functools import wraps

from chance.audit.access import note_access, note_denied

from .policy import Need, YouthAccess, YouthRefused, youth_access


def access_for_request(request, pk, need=Need.IDENTITY, *, queryset=None) -> YouthAccess:
    """:func:`youth_access` for the signed-in user, with its access-log row: the access with the
    ground that opened it as the reason, or the refusal (then a 404, as for a missing youth)."""
    try:
        access = youth_access(request.user, pk, need, queryset=queryset)
    except YouthRefused as refused:
        note_denied(request, refused.youth_id)
        raise
    note_access(request, access.youth.pk, reason=access.reason)
    return access


def youth_view(need=Need.IDENTITY, *, post=None, kwarg="pk", queryset=None):
    """Decorate a view taking the youth's id as ``kwarg``: it is called as
    ``view(request, access, ...)`` when the user holds ``need`` (``post`` for a POST, when
    given) on that youth, and answers 404 otherwise. Either way one access-log row is written.
    ``queryset``: a callable giving the youth queryset to load from (select/prefetch)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            pk = kwargs.pop(kwarg)
            wanted = post if post is not None and request.method == "POST" else need
            qs = queryset() if queryset is not None else None
            access = access_for_request(request, pk, wanted, queryset=qs)
            return view(request, access, *args, **kwargs)

        wrapper.youth_need = (need, post)
        return wrapper

    return decorate
