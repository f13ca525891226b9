"""`congvu analyze LOG --activity-map MAP --keep-unmapped --tz`: the options reach the analysis and
an unmapped activity is named in the command's error."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

MAP = Path(__file__).resolve().parents[2] / "docs" / "activity-map-vi.csv"
LOG = [
    "case_id,event_id,ts,activity,actor,unit,to_unit,due",
    "a,1,03/03/2025 08:00:00,Giao nhiệm vụ,x,Văn phòng,Sở Xây dựng,10/03/2025",
    "a,2,04/03/2025 08:00,Chuyển xử lý,y,Sở Xây dựng,Sở Tài chính,",
    "a,3,05/03/2025 08:00,Trả lại,z,Sở Tài chính,Sở Xây dựng,",
    "a,4,06/03/2025 08:00,Ký số,y,Sở Xây dựng,,",
    "a,5,20/03/2025 08:00,Báo cáo hoàn thành,y,Sở Xây dựng,Văn phòng,",
]


def test_an_unmapped_activity_is_named_and_kept_only_when_asked(tmp_path: Path, capsys):
    log = tmp_path / "log.csv"
    log.write_text("\n".join(LOG) + "\n", encoding="utf-8")

    with pytest.raises(CommandError, match="'Ký số'"):
        call_command("analyze", str(log), "--out", str(tmp_path / "out"), "--activity-map", MAP)
    call_command(
        "analyze",
        str(log),
        "--out",
        str(tmp_path / "out"),
        "--activity-map",
        str(MAP),
        "--keep-unmapped",
        "--tz",
        "Asia/Bangkok",
        verbosity=0,
    )

    printed = capsys.readouterr().out
    assert "5 events, 1 cases" in printed
    assert "ping_pong 1" in printed
