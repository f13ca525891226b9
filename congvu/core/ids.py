"""The range of a database id, for every integer that arrives in a URL, a query or a body.

SQLite stores 64-bit integers: a bigger number (`?unit=99999999999999999999999`) makes the query
itself fail with an OverflowError, a 500. Bounding the parameter makes it a 4xx like any other bad
input, on every database.
"""

from __future__ import annotations

MIN_ID = 1
MAX_ID = 2**63 - 1

# The last page number a list accepts: beyond it the offset (page × page size) stops being a number
# the database takes (`?page=9034764509783534592` failed the query), and no list is that long.
MAX_PAGE = 1_000_000
