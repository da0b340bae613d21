#!/usr/bin/env python3
"""What a SQLite server writes to its WAL, per commit and per table or index.

    loadtests/wal_frames.py DB_COPY WAL_COPY

Copy the database and its -wal file while a load runs (`cp omnireach.db-wal w; cp
omnireach.db d`), then point this at the copies. It reads the frames of the WAL's current
generation (those carrying the header's salt), counts the commits among them, and maps each
frame's page to the table or index that owns it (SQLite's `dbstat`, read through the copied
WAL). A page written by every commit is a page the load rewrites over and over; an index whose
pages appear about once per inserted row is one whose key puts each row in a different place.
"""
import collections
import shutil
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path


def frames_by_commit(wal: bytes):
    _magic, _version, page_size, _seq, salt1, salt2, _c1, _c2 = struct.unpack(">8I", wal[:32])
    commits, current, offset = [], [], 32
    while offset + 24 + page_size <= len(wal):
        page, db_size, s1, s2, _x, _y = struct.unpack(">6I", wal[offset : offset + 24])
        if (s1, s2) != (salt1, salt2):
            break  # an older generation's frames: the log restarted before them
        current.append(page)
        if db_size:  # a commit frame
            commits.append(current)
            current = []
        offset += 24 + page_size
    return page_size, commits


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    database, wal_path = Path(sys.argv[1]), Path(sys.argv[2])
    wal = wal_path.read_bytes()
    page_size, commits = frames_by_commit(wal)
    if not commits:
        print("no committed frames in this WAL generation")
        return 1
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "db"
        shutil.copy(database, copy)
        shutil.copy(wal_path, str(copy) + "-wal")
        owner = dict(sqlite3.connect(copy).execute("SELECT pageno, name FROM dbstat"))
    frames = sum(len(c) for c in commits)
    print(f"page size {page_size}, {len(commits)} commits, {frames} frames "
          f"({frames / len(commits):.1f} per commit)")
    per_object = collections.Counter(owner.get(p, "(new page)") for c in commits for p in c)
    for name, count in per_object.most_common(25):
        print(f"{count / len(commits):8.2f} per commit  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
