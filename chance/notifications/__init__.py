def notify(**kwargs):
    """See chance.notifications.actions.notify (imported lazily: safe at app-loading time)."""
    from .actions import notify as _notify

    return _notify(**kwargs)
