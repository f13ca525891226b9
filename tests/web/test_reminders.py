"""The daily digest (`congvu send_reminders`), delivered through a real SMTP server on loopback
(aiosmtpd): who gets mail, in Vietnamese, with links that open for the recipient; opting out; one
digest a day; --dry-run and --only; and the notification page."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from congvu.tasks.actions import accept_task, assign_task
from congvu.web.models import DigestSent, ReminderPreference
from tests.factories import Province, make_official, make_task
from tests.findings.world import make_finding
from tests.web.test_password_reset import Inbox

SITE = "https://congvu.quangninh.gov.vn"
# A fixed day, with the clock held there (ticking). Computed from the real clock at import, TODAY
# was yesterday when the suite ran across midnight in Hà Nội: every task "was due in the past".
TODAY = dt.date(2026, 11, 16)
# The digest is sent ten days on: the first task is overdue by then, the second due in two days.
SEND_DAY = TODAY + dt.timedelta(days=10)


@pytest.fixture(autouse=True)
def _on_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 16, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


@pytest.fixture
def waiting(province: Province, settings: object) -> Province:
    """The construction official holds an overdue task, one due soon and a signal naming them;
    their head has a new task to accept; the chair (who oversees it too) opted out. Everyone with
    a post has last month's self-assessment to do; an official without a post (retired) has
    nothing waiting."""
    settings.CONGVU_SITE_URL = SITE  # type: ignore[attr-defined]
    late = make_task(province, title="Rà soát quy hoạch chung phường Hạ Long", due=TODAY)
    soon = make_task(
        province, title="Báo cáo tiến độ dự án cầu Cửa Lục", due=TODAY + dt.timedelta(days=12)
    )
    for task in (late, soon):
        accept_task(task, by=province.head)
        assign_task(task, to=province.official, by=province.head)
    make_task(province, title="Kiểm tra an toàn công trình", due=TODAY + dt.timedelta(days=40))
    make_finding(late, unit=province.construction_planning, official=province.official)
    for who, address in (
        (province.official, "hai.pq@xaydung.quangninh.gov.vn"),
        (province.head, "duc.lm@xaydung.quangninh.gov.vn"),
        (province.chair, "huy.ct@quangninh.gov.vn"),
        (province.colleague, "hang.dt@xaydung.quangninh.gov.vn"),
    ):
        who.email = address
        who.save(update_fields=["email"])
    make_official("Trịnh Văn Hưu", username="nghihuu", email="huu.tv@quangninh.gov.vn")
    ReminderPreference.objects.create(official=province.chair, daily_email=False)
    return province


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", SEND_DAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def subject(message: EmailMessage) -> str:
    # A long encoded subject is folded onto a continuation line, whose indent the parser keeps.
    return str(message["Subject"]).strip()


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def html_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("html",))
    assert body is not None
    return str(body.get_content())


def test_each_official_with_work_gets_one_vietnamese_digest_whose_links_open(
    waiting: Province, smtp_inbox: Inbox
) -> None:
    out = run()

    assert smtp_inbox.recipients == [
        ["hai.pq@xaydung.quangninh.gov.vn"],  # chuyenvien
        ["duc.lm@xaydung.quangninh.gov.vn"],  # giamdoc
        ["hang.dt@xaydung.quangninh.gov.vn"],  # the colleague: only her self-assessment
    ]
    assert "sent 3; nothing waiting 1; opted out 1;" in out
    mine, head, colleague = smtp_inbox.messages
    day = SEND_DAY.strftime("%d/%m/%Y")
    assert subject(mine) == f"congvu: 4 việc đang chờ đồng chí ({day})"
    assert subject(head) == f"congvu: 2 việc đang chờ đồng chí ({day})"
    assert subject(colleague) == f"congvu: 1 việc đang chờ đồng chí ({day})"
    assert "Tự đánh giá (Mẫu 01)" in text_of(colleague)
    # The period as "Việc của tôi" writes it, not its code.
    assert re.search(r"kỳ đánh giá (tháng \d{1,2}|quý [IV]+)/\d{4}", text_of(colleague))
    assert not re.search(r"kỳ đánh giá \d{4}-", text_of(colleague))
    text = text_of(mine)
    assert "Kính gửi đồng chí Phạm Quang Hải," in text
    assert "Nhiệm vụ quá hạn của tôi (1)" in text
    assert "Rà soát quy hoạch chung phường Hạ Long" in text
    assert "quá hạn 10 ngày" in text
    assert "Nhiệm vụ của tôi sắp đến hạn (1)" in text
    assert "còn 2 ngày" in text
    assert "Dấu hiệu cần giải trình (1)" in text
    assert "Kiểm tra an toàn công trình" not in text  # the head's, not theirs
    assert "Nhiệm vụ mới chờ tiếp nhận (1)" in text_of(head)
    assert "Kiểm tra an toàn công trình" in text_of(head)
    html = html_of(mine)
    assert '<html lang="vi">' in html and "Nhiệm vụ quá hạn của tôi" in html

    for message, who in (
        (mine, waiting.official),
        (head, waiting.head),
        (colleague, waiting.colleague),
    ):
        links = set(re.findall(r"https?://\S+", text_of(message)))
        assert links == set(re.findall(r'href="(https?://[^"]+)"', html_of(message)))
        assert all(link.startswith(SITE + "/") for link in links)
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(who.user)
        for link in links:
            assert client.get(link.removeprefix(SITE)).status_code == 200, link


def test_a_second_run_the_same_day_sends_nothing_new(waiting: Province, smtp_inbox: Inbox) -> None:
    run()
    again = run()

    assert len(smtp_inbox.messages) == 3
    assert "sent 0;" in again and "already sent today 3;" in again
    logged = DigestSent.objects.get(official=waiting.official)
    assert (logged.day, logged.items, logged.address) == (
        SEND_DAY,
        4,
        "hai.pq@xaydung.quangninh.gov.vn",
    )


def test_opting_back_in_and_the_next_day_send_again(waiting: Province, smtp_inbox: Inbox) -> None:
    run()
    ReminderPreference.objects.filter(official=waiting.chair).update(daily_email=True)
    out = io.StringIO()
    call_command(
        "send_reminders",
        "--date",
        (SEND_DAY + dt.timedelta(days=1)).isoformat(),
        stdout=out,
    )

    assert [r[0] for r in smtp_inbox.recipients[3:]] == [
        "huy.ct@quangninh.gov.vn",  # chutich, opted back in
        "hai.pq@xaydung.quangninh.gov.vn",
        "duc.lm@xaydung.quangninh.gov.vn",
        "hang.dt@xaydung.quangninh.gov.vn",
    ]


def test_dry_run_prints_the_digests_and_sends_and_logs_nothing(
    waiting: Province, smtp_inbox: Inbox
) -> None:
    out = run("--dry-run")

    assert smtp_inbox.messages == []
    assert not DigestSent.objects.exists()
    assert "would send 3;" in out
    assert "--- hai.pq@xaydung.quangninh.gov.vn (chuyenvien)" in out
    assert "Nhiệm vụ quá hạn của tôi (1)" in out


def test_only_sends_to_the_one_login(waiting: Province, smtp_inbox: Inbox) -> None:
    run("--only", "giamdoc")

    assert smtp_inbox.recipients == [["duc.lm@xaydung.quangninh.gov.vn"]]
    assert list(DigestSent.objects.values_list("official", flat=True)) == [waiting.head.pk]


def test_only_an_unknown_login_is_an_error(waiting: Province, smtp_inbox: Inbox) -> None:
    with pytest.raises(CommandError, match="nobody"):
        run("--only", "nobody")

    assert smtp_inbox.messages == []


def test_an_official_without_an_address_is_named_and_gets_nothing(
    waiting: Province, smtp_inbox: Inbox
) -> None:
    waiting.head.email = ""
    waiting.head.save(update_fields=["email"])
    waiting.head.user.email = ""
    waiting.head.user.save(update_fields=["email"])

    out = run()

    assert ["duc.lm@xaydung.quangninh.gov.vn"] not in smtp_inbox.recipients
    assert len(smtp_inbox.recipients) == 2
    assert "without an e-mail address" in out and "giamdoc" in out


def test_the_notification_page_lists_the_items_and_the_digests_and_sets_the_choice(
    waiting: Province, smtp_inbox: Inbox, login
) -> None:
    run()
    client = login(waiting.official)

    page = client.get(reverse("notifications"))
    opted_out = client.post(reverse("notifications"), {})
    after = client.get(reverse("notifications"))
    back_in = client.post(reverse("notifications"), {"daily_email": "on"})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Thông báo" in text
    assert "Rà soát quy hoạch chung phường Hạ Long" in text  # due today
    assert "Dấu hiệu cần giải trình" in text
    assert SEND_DAY.strftime("%d/%m/%Y") in text  # the digest sent
    assert 'name="daily_email" checked' in text
    assert opted_out.status_code == 302
    assert 'name="daily_email" checked' not in after.content.decode()
    assert "Đồng chí sẽ không nhận thư hằng ngày nữa." in after.content.decode()
    assert back_in.status_code == 302
    assert ReminderPreference.objects.get(official=waiting.official).daily_email
    # Opted out on the page: the next day's run passes them by.


def test_the_notification_page_needs_a_login(province: Province) -> None:
    response = Client().get(reverse("notifications"))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_my_work_lists_the_signals_to_explain(waiting: Province, login) -> None:
    page = login(waiting.official).get(reverse("my_work"))

    assert "Dấu hiệu cần giải trình" in page.content.decode()
    assert len(page.context["signals"]) == 1


def test_a_login_without_an_official_is_refused_the_notification_page(db: None) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password="x-Quang-Ninh-2026")
    client = Client()
    client.force_login(admin)

    assert client.get(reverse("notifications")).status_code == 403
    assert client.post(reverse("notifications"), {}).status_code == 403
    assert not ReminderPreference.objects.exists()
