"""People: rating (đánh giá, xếp loại), streamlining (tinh giản biên chế) and, later, the rest of
the personnel side. The engines (rating.py, streamlining.py, tables.py, rules.py) do not import
Django."""
