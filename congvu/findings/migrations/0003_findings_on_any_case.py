"""Findings point at (case_type, case_id) and carry typed detail: existing findings are task
findings (their case_id is already the task id), and their detail text is converted once."""

import re

from django.db import migrations, models


def _number(pattern: str, text: str) -> int | None:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else None


def typed_detail(kind: str, text: str, *, official: bool = False) -> dict:  # noqa: C901, PLR0911 - one branch a kind
    """The typed detail of an old text detail (the formats the detectors wrote before)."""
    text = text.strip()
    if kind == "ping_pong":
        source, _sep, target = text.partition(" > ")
        # A ping-pong between officials named the official concerned; between units it did not.
        level = "official" if official else "unit"
        return {"level": level, "from": source.strip(), "back_to": target.strip(), "cycle": 2}
    if kind == "transfer_chain":
        path = [stop.strip() for stop in text.split(";")[0].split(">") if stop.strip()]
        days = _number(r"days=(-?\d+)", text) or 0
        return {"path": path, "handovers": max(len(path) - 1, 0), "days_lost": days}
    if kind == "refusal":
        activity, _sep, rest = text.partition(":")
        reason, _sep, flag = rest.partition(":")
        return {
            "activity": activity,
            "reason": None if reason in ("", "?") else reason,
            "unjustified": flag == "unjustified",
        }
    if kind == "escalation":
        return {"decision_kind": text}
    if kind == "stall":
        silence, _sep, allotted = text.replace(" days", "").partition("/")
        return {
            "silence_days": int(silence) if silence.strip().isdigit() else 0,
            "allotted_days": int(allotted) if allotted.strip().isdigit() else 0,
            "is_open": True,
        }
    if kind == "last_minute":
        return {"pattern": text}
    if kind == "extension_chain":
        return {
            "extensions": _number(r"^(\d+)", text) or 0,
            "days_added": _number(r"\+(-?\d+)", text) or 0,
        }
    if kind == "slow_coordination":
        return {
            "answered": not text.startswith("unanswered"),
            "days_late": _number(r"days=(-?\d+)", text) or 0,
        }
    if kind == "overdue":
        return {
            "open": text.startswith("open_overdue"),
            "days_overdue": _number(r"days=(-?\d+)", text) or 0,
        }
    if kind == "rework":
        return {"round": _number(r"(\d+)", text) or 1}
    return {}


def typed_details(apps, schema_editor):
    Finding = apps.get_model("findings", "Finding")
    changed = []
    for finding in Finding.objects.only("pk", "kind", "detail_text", "official_id").iterator(chunk_size=2000):
        finding.detail = typed_detail(
            finding.kind, finding.detail_text or "", official=finding.official_id is not None
        )
        changed.append(finding)
        if len(changed) >= 2000:
            Finding.objects.bulk_update(changed, ["detail"])
            changed.clear()
    Finding.objects.bulk_update(changed, ["detail"])


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0002_workload_and_handovers"),
        ("org", "0002_decisionkind"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="finding",
            name="findings_fi_task_id_ed2791_idx",
        ),
        migrations.RemoveField(
            model_name="finding",
            name="task",
        ),
        migrations.AddField(
            model_name="computationrun",
            name="last_event_ids",
            field=models.JSONField(blank=True, default=dict, verbose_name="last events read"),
        ),
        migrations.AddField(
            model_name="finding",
            name="case_type",
            field=models.CharField(
                choices=[("task", "Task"), ("dossier", "Dossier"), ("project", "Project")],
                default="task",
                max_length=8,
                verbose_name="case type",
            ),
        ),
        # The detail was text the pages re-parsed; it becomes typed data (the schema of each kind
        # in congvu.analytics.kinds). The old text is read once, here, and never again.
        migrations.RenameField(model_name="finding", old_name="detail", new_name="detail_text"),
        migrations.AddField(
            model_name="finding",
            name="detail",
            field=models.JSONField(blank=True, default=dict, verbose_name="detail"),
        ),
        migrations.RunPython(typed_details, migrations.RunPython.noop),
        migrations.RemoveField(model_name="finding", name="detail_text"),
        migrations.AlterField(
            model_name="finding",
            name="kind",
            field=models.CharField(
                choices=[
                    ("ping_pong", "Đùn đẩy qua lại"),
                    ("transfer_chain", "Chuyển qua nhiều đơn vị"),
                    ("refusal", "Trả lại, từ chối"),
                    ("escalation", "Xin ý kiến việc đã được phân cấp"),
                    ("stall", "Để lâu không xử lý (cầm chừng)"),
                    ("last_minute", "Chỉ làm khi sát hạn hoặc khi bị nhắc"),
                    ("extension_chain", "Gia hạn nhiều lần"),
                    ("slow_coordination", "Phối hợp chậm"),
                    ("overdue", "Quá hạn"),
                    ("rework", "Phải làm lại"),
                    ("repeated_request", "Yêu cầu bổ sung nhiều lần"),
                ],
                max_length=24,
                verbose_name="kind",
            ),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                fields=["case_type", "case_id", "holds"], name="findings_fi_case_ty_b54e03_idx"
            ),
        ),
    ]
