"""Hostile folders and files the batch must get through (issue 14): a symbolic link looping back
to its folder, a folder nobody may list, a file citing thousands of instruments. Each is a clear
error for that item or a bounded result, and the rest of the batch goes on."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hostile_support import ROOT

from chidao.loading import expand_paths
from ingest.pipeline import build, extract
from ingest.read.files import ReadError, read_bytes, read_path

SAMPLE = ROOT / "examples" / "bc-18-ubnd-quang-ngai-2021.txt"
HEAD = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/BC-UBND\nQuảng Ngãi, ngày 05 tháng 3 năm 2021\nBÁO CÁO\nVề việc thử\n\n"


def test_a_link_looping_back_to_its_folder_is_walked_once(tmp_path):
    folder = tmp_path / "in" / "sub"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "bc.txt")
    (folder / "loop").symlink_to(tmp_path / "in")  # sub/loop → in → sub → …
    (folder / "self").symlink_to(".")
    assert expand_paths([tmp_path / "in"]) == [folder / "bc.txt"]


def _as_nobody() -> list[str]:
    """A command prefix running as an unprivileged user (root reads every folder)."""
    if os.getuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a folder unreadable")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def open_tmp():
    """A temporary folder every user may enter (pytest's own sits in a root-only folder)."""
    path = Path(tempfile.mkdtemp(prefix="chidao-hostile-"))
    path.chmod(0o777)
    yield path
    for d in path.rglob("*"):
        if d.is_dir() and not d.is_symlink():
            d.chmod(0o755)
    shutil.rmtree(path)


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_ingested(open_tmp):
    tmp_path = open_tmp
    inbox = tmp_path / "in"
    (inbox / "ok").mkdir(parents=True)
    (inbox / "secret").mkdir()
    shutil.copy(SAMPLE, inbox / "ok" / "bc.txt")
    shutil.copy(SAMPLE, inbox / "secret" / "hidden.txt")
    (inbox / "secret").chmod(0o000)
    for d in (inbox, inbox / "ok"):
        d.chmod(0o755)
    (inbox / "ok" / "bc.txt").chmod(0o644)
    report = tmp_path / "run.json"
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run([*_as_nobody(), sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--workers", "1",
                           "--store", str(tmp_path / "store"), "--report", str(report), str(inbox)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"FAILED {inbox / 'secret'}: cannot read folder: Permission denied" in done.stderr
    summary = json.loads(report.read_text("utf-8"))["summary"]
    assert summary["documents"] == 1 and summary["failed"] == 1, summary


def test_a_folder_given_as_a_document_says_so(tmp_path):
    with pytest.raises(ReadError, match="a folder, not a document"):
        read_path(tmp_path)


def _citing(n: int) -> str:
    return HEAD + "".join(f"- Thực hiện Quyết định số {i}/QĐ-UBND ngày {1 + i % 28:02d}/{1 + i % 12:02d}/2020 "
                          f"của UBND tỉnh Quảng Ngãi về việc giao nhiệm vụ {i};\n" for i in range(1, n + 1))


def test_thousands_of_citations_in_one_file_cost_what_each_does():
    """Every citation becomes its instrument, with its evidence, and the graph grows linearly:
    twice the citations, twice the quads (nothing compares each one with every other)."""
    sizes = {}
    for n in (1000, 2000):
        ex = extract(read_bytes(_citing(n).encode(), "many.txt", "many"))
        assert len([i for i in ex.instruments if not i.is_document_itself]) == n
        sizes[n] = build(ex).count(b"\n")
    assert 1.9 < sizes[2000] / sizes[1000] < 2.1, sizes
