"""The page that analyses another system's event log (/dau-hieu/phan-tich-nhat-ky/): a provincial
export previewed (activities and how each maps, unmapped names, unreadable values by row and
column), analysed, its files downloaded; who may use it; bad files refused with nothing kept."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congvu.org.actions import create_unit
from congvu.org.models import Unit
from tests.factories import make_official

NFD_FINANCE = unicodedata.normalize("NFD", "Sở Tài chính")
# A provincial system's export: Vietnamese activities, a unit in NFD and in capitals with stray
# spaces, local day-first times without an offset, one activity the shipped map does not name.
LOG = [
    "case_id,event_id,ts,activity,actor,unit,to_unit,due",
    "a,1,03/03/2025 08:00:00,Giao nhiệm vụ,x,Văn phòng,Sở Xây dựng,10/03/2025",
    f"a,2,04/03/2025 08:00:00,Chuyển xử lý,y,Sở Xây dựng,{NFD_FINANCE},",
    "a,3,05/03/2025 08:00:00,  TRẢ  LẠI ,z, SỞ TÀI CHÍNH ,Sở Xây dựng,",
    "a,4,06/03/2025 08:00:00,Ký số,y,Sở Xây dựng,,",
    "a,5,20/03/2025 08:00:00,Báo cáo hoàn thành,y,Sở Xây dựng,Văn phòng,",
]
URL = reverse("findings:eventlog")
ANALYSE = reverse("findings:eventlog_analyse")
ALLOWED = ("chair", "clerk", "inspector")
REFUSED = ("head", "official", "colleague", "finance_official", "finance_head", "outsider")


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path: Path) -> Path:
    settings.EVENTLOG_UPLOAD_DIR = tmp_path / "uploads"
    return settings.EVENTLOG_UPLOAD_DIR


def csv_file(lines: list[str], name: str = "nhat-ky.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), "text/csv")


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def kept(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def token_of(response) -> str:
    return response.context["analyse_form"].initial["token"]


def test_the_office_previews_a_provincial_export_and_sees_its_findings(province, login, _uploads):
    client = login(province.clerk)

    preview = client.post(URL, {"log": csv_file(LOG)})

    assert preview.status_code == 200
    seen = preview.context["preview"]
    assert (seen.rows, seen.cases, seen.units) == (5, 1, 3)
    mapped = {line.name: (line.canonical, line.events) for line in seen.activities}
    assert mapped == {
        "Giao nhiệm vụ": ("create", 1),
        "Chuyển xử lý": ("transfer", 1),
        "TRẢ LẠI": ("return", 1),
        "Ký số": (None, 1),
        "Báo cáo hoàn thành": ("complete", 1),
    }
    assert seen.unmapped == ["Ký số"]
    assert [(m.shown, m.spellings) for m in seen.merged_units] == [
        # Written once each: the first in sort order is shown, as the analysis shows it.
        ("SỞ TÀI CHÍNH", ("SỞ TÀI CHÍNH", "Sở Tài chính"))
    ]
    text = text_of(preview)
    assert "Hoạt động chưa có trong bảng ánh xạ" in text
    assert "Chuyển xử lý <span" in text and "(transfer)" in text  # the app's label and the code
    assert len(kept(_uploads)) == 1

    refused = client.post(ANALYSE, {"token": token_of(preview)})

    assert refused.status_code == 422
    assert "“Ký số”" in refused.context["refusal"]
    assert "analysis" not in refused.context

    done = client.post(ANALYSE, {"token": token_of(preview), "keep_unmapped": "on"})

    assert done.status_code == 200
    analysis = done.context["analysis"]
    assert (analysis.events, analysis.cases, analysis.units) == (5, 1, 3)
    found = {code: count for code, _name, count in analysis.by_kind if count}
    assert found["ping_pong"] == 1
    assert [row.kind for row in analysis.findings].count("ping_pong") == 1
    # Worded as the signals' list words them, with the names the file writes.
    assert "SỞ TÀI CHÍNH chuyển nhiệm vụ trở lại Sở Xây dựng, đơn vị đã từng giữ" in text_of(done)
    download = client.get(
        reverse("findings:eventlog_file", args=[token_of(preview), "findings.csv"])
    )
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [row["kind"] for row in rows].count("ping_pong") == 1
    # Finance is shown as its first spelling in sort order (each is written once), never in NFD.
    assert {row["unit"] for row in rows if row["kind"] == "ping_pong"} <= {
        "Sở Xây dựng",
        "SỞ TÀI CHÍNH",
    }


def test_an_excel_export_with_date_cells_gives_the_findings_of_the_csv(province, login):
    client = login(province.clerk)
    book = openpyxl.Workbook()
    sheet = book.active
    for number, line in enumerate(LOG):
        cells: list[object] = list(next(csv.reader([line])))
        if number:
            cells[2] = dt.datetime.strptime(cells[2], "%d/%m/%Y %H:%M:%S")  # noqa: DTZ007
            cells[1] = int(cells[1])
        sheet.append(cells)
    stream = io.BytesIO()
    book.save(stream)
    upload = SimpleUploadedFile("nhat-ky.xlsx", stream.getvalue())

    preview = client.post(URL, {"log": upload})
    done = client.post(ANALYSE, {"token": token_of(preview), "keep_unmapped": "on"})
    from_csv = client.post(
        ANALYSE,
        {"token": token_of(client.post(URL, {"log": csv_file(LOG)})), "keep_unmapped": "on"},
    )

    assert preview.status_code == 200
    assert preview.context["preview"].first == dt.datetime(
        2025, 3, 3, 1, 0, tzinfo=dt.UTC
    ).astimezone(preview.context["preview"].first.tzinfo)
    assert done.context["analysis"].by_kind == from_csv.context["analysis"].by_kind


def test_an_uploaded_map_names_the_activities_and_nothing_is_left_unmapped(province, login):
    client = login(province.inspector)
    shipped = (Path(__file__).resolve().parents[2] / "docs" / "activity-map-vi.csv").read_text(
        encoding="utf-8"
    )
    own = SimpleUploadedFile("map.csv", (shipped + "Ký số,progress\n").encode("utf-8"))

    preview = client.post(URL, {"log": csv_file(LOG), "activity_map": own})
    done = client.post(ANALYSE, {"token": token_of(preview)})

    assert preview.context["preview"].unmapped == []
    assert preview.context["preview"].map_name == "map.csv"
    assert done.status_code == 200
    assert done.context["analysis"].events == 5


def test_unreadable_values_are_named_by_row_and_column_and_nothing_is_kept(
    province, login, _uploads
):
    client = login(province.clerk)
    lines = [
        *LOG[:2],
        "a,2,31/02/2025 08:00:00,Chuyển xử lý,y,Sở Xây dựng,Sở Tài chính,",
        "a,3,05/03/2025 08:00:00,Trả lại,z,Sở Tài chính,Sở Xây dựng,ngày mai",
        "a,4,,Trả lại,z,Sở Tài chính,Sở Xây dựng,",
        "a,5,03/13/2025 08:00,Báo cáo hoàn thành,y,Sở Xây dựng,Văn phòng,",
    ]

    response = client.post(URL, {"log": csv_file(lines)})

    assert response.status_code == 422
    assert response.context["preview"].problem_lines == [
        'Dòng 3, cột "ts": "31/02/2025 08:00:00" không phải ngày giờ: hãy ghi dd/mm/yyyy '
        "HH:MM:SS (ngày trước), ISO 8601 hoặc dùng ô ngày của Excel.",
        'Dòng 4, cột "due": "ngày mai" không phải ngày: hãy ghi dd/mm/yyyy (ngày trước).',
        'Dòng 5, cột "ts": Trống: mỗi sự kiện cần có giá trị ở đây.',
        'Dòng 6, cột "ts": "03/13/2025 08:00" không phải ngày giờ: hãy ghi dd/mm/yyyy '
        "HH:MM:SS (ngày trước), ISO 8601 hoặc dùng ô ngày của Excel.",
    ]
    assert "analyse_form" not in response.context
    assert kept(_uploads) == []


@pytest.mark.parametrize(
    ("content", "name", "status", "message"),
    [
        (
            unicodedata.normalize("NFD", "case_id,ts,activity\na,03/03/2025,Trả lại\n").encode(
                "cp1258"
            ),
            "nhat-ky.csv",
            422,
            "không phải văn bản UTF-8",
        ),
        (b"case_id,ts\x00\x01", "nhat-ky.csv", 422, "byte NUL"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "nhat-ky.xls", 422, "tải lên tệp .xlsx hoặc .csv"),
        (
            b"PK\x03\x04 not really a zip",
            "nhat-ky.xlsx",
            422,
            "không phải là bảng tính Excel (.xlsx) đọc được",
        ),
        (
            "Mã,Thời gian,Việc\n1,03/03/2025,Giao\n".encode(),
            "nhat-ky.csv",
            422,
            "Dòng 1: Dòng đầu tiên phải ghi tên các cột case_id, ts và activity",
        ),
        (b"case_id,ts,activity\n", "nhat-ky.csv", 422, "có dòng tiêu đề nhưng không có sự kiện"),
    ],
)
def test_bad_files_are_refused_in_vietnamese_and_nothing_is_kept(
    province, login, _uploads, content, name, status, message
):
    client = login(province.clerk)

    response = client.post(URL, {"log": SimpleUploadedFile(name, content)})

    assert response.status_code == status
    assert message in text_of(response)
    assert kept(_uploads) == []


def test_a_request_larger_than_the_import_limit_is_refused_unread(
    province, login, settings, _uploads
):
    settings.IMPORT_MAX_BYTES = 1024
    client = login(province.clerk)

    response = client.post(URL, {"log": csv_file(LOG * 400)})

    assert response.status_code == 413
    assert "lớn hơn giới hạn" in response.content.decode()
    assert kept(_uploads) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Ký số,sign", 'Dòng %d, cột "activity": Bảng ánh xạ map.csv: "sign" không phải'),
        ("Trả lại,transfer", 'Dòng %d, cột "source": Bảng ánh xạ map.csv: "Trả lại" đã được'),
        (",progress", 'Dòng %d, cột "source": Bảng ánh xạ map.csv: thiếu tên hoạt động'),
    ],
)
def test_a_bad_activity_map_is_named_by_row_and_column(province, login, _uploads, line, message):
    client = login(province.clerk)
    shipped = (Path(__file__).resolve().parents[2] / "docs" / "activity-map-vi.csv").read_text(
        encoding="utf-8"
    )
    own = SimpleUploadedFile("map.csv", (shipped + line + "\n").encode("utf-8"))
    added = len(shipped.splitlines()) + 1

    response = client.post(URL, {"log": csv_file(LOG), "activity_map": own})

    assert response.status_code == 422
    assert message % added in text_of(response)
    assert kept(_uploads) == []


def test_the_personnel_side_may_analyse_a_log(province, login):
    personnel = create_unit(
        code="SNV", name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=province.province_pc
    )
    client = login(make_official("Phạm Thu Hà", unit=personnel))

    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ALLOWED)
def test_offices_inspectors_and_province_leaders_open_the_page_and_see_it_in_the_menu(
    province, login, who
):
    client = login(getattr(province, who))

    page = client.get(URL)
    signals = client.get(reverse("findings:list"))

    assert page.status_code == 200
    assert URL in signals.content.decode()


@pytest.mark.parametrize("who", REFUSED)
def test_others_may_not_upload_analyse_or_download_and_nothing_is_kept(
    province, login, client, who, _uploads
):
    clerk = login(province.clerk)
    token = token_of(clerk.post(URL, {"log": csv_file(LOG)}))
    clerk.post(ANALYSE, {"token": token, "keep_unmapped": "on"})
    before = kept(_uploads)
    other = login(getattr(province, who))

    page = other.get(URL)
    upload = other.post(URL, {"log": csv_file(LOG)})
    analyse = other.post(ANALYSE, {"token": token, "keep_unmapped": "on"})
    download = other.get(reverse("findings:eventlog_file", args=[token, "findings.csv"]))
    signals = other.get(reverse("findings:list"))

    assert (page.status_code, upload.status_code, analyse.status_code) == (403, 403, 403)
    assert download.status_code == 403
    assert URL not in signals.content.decode()
    assert kept(_uploads) == before


def test_an_upload_is_analysed_only_by_its_uploader(province, login):
    clerk = login(province.clerk)
    token = token_of(clerk.post(URL, {"log": csv_file(LOG)}))
    clerk.post(ANALYSE, {"token": token, "keep_unmapped": "on"})
    chair = login(province.chair)

    analyse = chair.post(ANALYSE, {"token": token, "keep_unmapped": "on"})
    download = chair.get(reverse("findings:eventlog_file", args=[token, "findings.csv"]))

    assert analyse.status_code == 410
    assert "không còn được giữ" in analyse.content.decode()
    assert download.status_code == 404


def test_a_file_outside_the_four_outputs_is_not_served(province, login):
    clerk = login(province.clerk)
    token = token_of(clerk.post(URL, {"log": csv_file(LOG)}))
    clerk.post(ANALYSE, {"token": token, "keep_unmapped": "on"})

    for name in ("log", "names.json", "map.csv", "..", "findings.csv"):
        response = clerk.get(reverse("findings:eventlog_file", args=[token, name]))

        assert response.status_code == (200 if name == "findings.csv" else 404)
