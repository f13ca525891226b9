"""People: rating (đánh giá, xếp loại), streamlining (tinh giản biên chế) and, later, the rest of
the personnel side. The engines (rating.py, streamlining.py, tables.py, rules.py) do not import
Django; files.py, on the Django side, reads their files through the one import path
(congvu.core.imports) and writes them through the one export helper (congvu.core.exports)."""
