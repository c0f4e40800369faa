"""The README's screenshots of the researcher page, taken by headless Chromium from a running
`chidao serve` (Debian's chromium and chromium-driver, which `make system-deps` installs).

    .venv/bin/python docs/screenshots.py sample STORE      # a store holding examples/
    .venv/bin/python docs/screenshots.py scale STORE       # a store holding ../shared/scale

Each view is a deep link of the page (the state lives in the URL); the pictures go to docs/img/.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
VIEWS = {
    "sample": {"page-sample-lineage.png": "/?q=QĐ%201395&direction=both&depth=2",
               "tables-sample.png": "/tables"},
    "scale": {"page-scale-hub.png": "/?q=Luật%2063/2025/QH15&direction=down&depth=1",
              "tables-scale.png": "/tables?year=2024"},
}


def serve(store: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "chidao.cli", "serve", "--store", str(store), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def browser(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("views", choices=sorted(VIEWS))
    ap.add_argument("store", type=Path)
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    proc, url = serve(args.store)
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(Path(profile))
        try:
            for name, path in VIEWS[args.views].items():
                driver.get(url + path)
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not driver.execute_script("return document.body.dataset.ready"):
                    time.sleep(0.2)
                time.sleep(1.0)  # the graph layout settles
                driver.save_screenshot(str(OUT / name))
                print(OUT / name)
        finally:
            driver.quit()
            proc.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
