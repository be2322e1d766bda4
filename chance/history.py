"""Every audited write says who made it and why, with or without a request (tasks, commands)."""


def stamp(instance, *, by, reason):
    instance._history_user = by
    instance._change_reason = reason
    return instance


def save_audited(instance, *, by, reason, **save_kwargs):
    stamp(instance, by=by, reason=reason)
    instance.save(**save_kwargs)
    return instance
