"""A plain batch ingest against `--cluster local:N` of the same folder: wall time, peak memory,
and whether the two stores hold the same quads (bench/compare_stores.py, exit 1 if not).

Both runs start from an empty store and write it in this machine's /tmp (kept afterwards, for
compare_stores.py or a look). One run each: on this 2-core machine measure when it is quiet.

    .venv/bin/python bench/bench_dask_ingest.py                       # ../shared/scale, local:2
    .venv/bin/python bench/bench_dask_ingest.py --corpus DIR --cluster local:4 --work /tmp
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from bench_ingest import SHARED, measured

BENCH = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "scale")
    ap.add_argument("--cluster", default="local:2")
    ap.add_argument("--workers", type=int, default=2, help="of the plain ingest")
    ap.add_argument("--work", type=Path, default=Path("/tmp"), help="where the stores plain/ and dask/ go")
    args = ap.parse_args()
    chidao = str(Path(sys.executable).parent / "chidao")
    runs = {"plain": ["--workers", str(args.workers)], "dask": ["--cluster", args.cluster]}
    print(f"{'run':6} {'options':22} {'wall s':>8} {'peak GiB':>9} exit")
    for name, options in runs.items():
        store = args.work / name
        shutil.rmtree(store, ignore_errors=True)
        wall, peak, code = measured([chidao, "ingest", "--quiet", "--report", str(args.work / f"{name}.json"),
                                     "--store", str(store), *options, str(args.corpus)])
        print(f"{name:6} {' '.join(options):22} {wall:8.1f} {peak:9.2f} {code}", flush=True)
    return subprocess.run([sys.executable, str(BENCH / "compare_stores.py"), str(args.work / "plain"),
                           str(args.work / "dask")]).returncode


if __name__ == "__main__":
    sys.exit(main())
