"""HTML input quality: cleanpress on HTML pages against trafilatura alone, scored by the bench's score.py.

    .venv/bin/python benchmarks/html_quality.py ../shared/bench/dev

BENCH is a snippet set folder with `html/<name>.html.gz` beside its
`<name>.txt` inputs (the dev set). Nothing is copied into the project: each
system runs as a score.py command; for every `<name>.txt` that score.py
stages in {in}, the page `BENCH/html/<name>.html.gz` is decompressed into a
temporary folder as `<name>.html`, and the system writes `{out}/<name>.txt`.

Systems:
- trafilatura: `trafilatura.extract(html)` with its default settings;
- extraction: the extraction cleanpress uses (cleanpress.html.SETTINGS), no passes;
- cleanpress: `cleanpress clean TMP --glob '*.html' -o {out} --no-site` (pages of
  unrelated sites in one folder: no site-level counting), i.e. that
  extraction followed by the passes (with the HTML configuration, Config.for_html).

The last lines are a table of kept / removed / H per system. Run one system
alone (the command score.py runs) with: html_quality.py --system NAME --bench BENCH IN OUT.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SYSTEMS = ("trafilatura", "extraction", "cleanpress")
ROOT = Path(__file__).resolve().parent.parent


def stage_html(bench: Path, inputs: Path, folder: Path) -> list[str]:
    """Decompress the HTML of every staged input into `folder`; return the names."""
    names = sorted(p.stem for p in inputs.glob("*.txt"))
    for name in names:
        with gzip.open(bench / "html" / f"{name}.html.gz", "rb") as src, open(folder / f"{name}.html", "wb") as dst:
            shutil.copyfileobj(src, dst)
    return names


def run_system(system: str, bench: Path, inputs: Path, out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="html-quality-") as tmp:
        folder = Path(tmp)
        names = stage_html(bench, inputs, folder)
        if system == "cleanpress":
            cmd = [str(Path(sys.executable).parent / "cleanpress"), "clean", str(folder), "--glob", "*.html",
                   "-o", str(out), "--no-site", "-q"]
            return subprocess.run(cmd).returncode
        import trafilatura

        from cleanpress import files, html

        for name in names:
            page = files.decode((folder / f"{name}.html").read_bytes(), name).text
            text = trafilatura.extract(page) if system == "trafilatura" else trafilatura.extract(page, **html.SETTINGS)
            (out / f"{name}.txt").write_text((text + "\n") if text else "", encoding="utf-8")
    return 0


def score(bench: Path, system: str) -> str:
    me = [sys.executable, str(Path(__file__).resolve()), "--system", system, "--bench", str(bench.resolve())]
    cmd = " ".join(_quote(a) for a in me) + " {in} {out}"
    scorer = bench.parent / "score.py"
    done = subprocess.run([sys.executable, str(scorer), str(bench), "--cmd", cmd],
                          capture_output=True, text=True, cwd=ROOT)
    sys.stderr.write(done.stdout)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return lines[-1] if lines else f"(no output; exit {done.returncode}) {done.stderr[-500:]}"


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", choices=SYSTEMS, help="run one system as score.py's command")
    parser.add_argument("--bench", type=Path, help="with --system: the bench folder")
    parser.add_argument("paths", nargs="*", type=Path, help="BENCH, or with --system: IN OUT")
    args = parser.parse_args(argv)
    if args.system:
        inputs, out = args.paths
        return run_system(args.system, args.bench, inputs, out)
    (bench,) = args.paths
    if not (bench / "html").is_dir():
        parser.error(f"{bench}: no html/ folder of <name>.html.gz pages")
    results = {system: score(bench, system) for system in SYSTEMS}
    print()
    for system, summary in results.items():
        print(f"{system:<20} {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
