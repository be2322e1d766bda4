from django.core import mail
from django.urls import reverse

from chance.notifications import notify
from chance.notifications.models import Notification


def test_notify_stores_a_bell_entry_and_emails_after_commit(
    clinician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=clinician, subject="Screening due", body="For CH-00001.", url="/youths/1/")
    assert Notification.objects.filter(user=clinician, read_at__isnull=True).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Screening due"
    assert "CH-00001" in mail.outbox[0].body
    assert "/youths/1/" in mail.outbox[0].body


def test_bell_shows_unread_count_and_mark_read_clears_it(login, clinician):
    notify(user=clinician, subject="Something is due", email=False)
    client = login(clinician)
    page = client.get(reverse("notifications:list"))
    assert b"Something is due" in page.content
    assert b'1<span class="usa-sr-only"> unread' in page.content
    client.post(reverse("notifications:read"))
    assert not Notification.objects.filter(user=clinician, read_at__isnull=True).exists()


def test_a_user_sees_only_their_own_notifications(login, clinician, clinician2):
    notify(user=clinician, subject="For clinician only", email=False)
    page = login(clinician2).get(reverse("notifications:list"))
    assert b"For clinician only" not in page.content
    login(clinician2).post(reverse("notifications:read"))
    assert Notification.objects.filter(user=clinician, read_at__isnull=True).exists()
