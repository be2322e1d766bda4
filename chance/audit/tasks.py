"""Scheduled integrity work on the access log (see CELERY_BEAT_SCHEDULE in settings)."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from chance.accounts import roles
from chance.accounts.languages import in_language_of

from . import chain

logger = logging.getLogger("chance.audit")


def _alert_admins(problem):
    from chance.notifications import notify

    admins = get_user_model().objects.filter(is_active=True, groups__name=roles.ADMIN).distinct()
    for admin in admins:
        with in_language_of(admin):
            notify(
                user=admin,
                subject=_("Audit log integrity check failed"),
                # Row ids only: the problem text never carries personal details.
                body=_(
                    "The daily check of the access log failed (%(kind)s). %(problem)s Preserve the "
                    "database and its backups and start an incident review."
                )
                % {"kind": problem.kind, "problem": problem.message},
                url="/audit/",
            )


@shared_task(name="chance.audit.tasks.verify_audit_chain", acks_late=True)
def verify_audit_chain():
    """Verify the whole chain; alert every Program admin on failure, else sign a checkpoint."""
    report = chain.verify()
    if not report.ok:
        logger.error("audit chain verification failed: %s", report.problem.message)
        _alert_admins(report.problem)
        return {"ok": False, "kind": report.problem.kind, "row": report.problem.row_id}
    chain.checkpoint_record()
    return {"ok": True, "rows": report.rows}


@shared_task(name="chance.audit.tasks.checkpoint_audit_chain", acks_late=True)
def checkpoint_audit_chain():
    """Sign the chain's head hourly, so rows cut off the end are noticed (see chain.py)."""
    checkpoint = chain.checkpoint_record()
    return checkpoint.last_id if checkpoint else None
