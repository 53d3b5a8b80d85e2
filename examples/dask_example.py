# examples/dask_example.py: JSONL shards, a local cluster, a profile in `learn`'s format.
# From the root of a clone: .venv/bin/python examples/dask_example.py [OUT]  (OUT: dask-example/)
import json
import sys
from pathlib import Path

import dask.bag as db
from distributed import Client, LocalCluster

from cleanpress import dask as cpdask

if __name__ == "__main__":  # worker processes import this file again
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "dask-example")
    (out / "shards").mkdir(parents=True, exist_ok=True)  # one JSON record per line: {"site", "path", "text"}
    pages = sorted(p for p in Path("fixtures/sites/harbour-gazette").glob("*.txt")
                   if not p.name.endswith(".expected.txt"))  # the fixtures' expected outputs are no pages
    for n in range(2):
        with open(out / "shards" / f"part-{n}.jsonl", "w", encoding="utf-8") as shard:
            for page in pages[n::2]:
                record = {"site": "harbour-gazette", "path": page.name, "text": page.read_text("utf-8")}
                shard.write(json.dumps(record) + "\n")

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        records = db.read_text(str(out / "shards" / "*.jsonl")).map(json.loads)
        cpdask.learn(records).compute().save(out / "site.json")  # for `clean --profile`, the hook
        cleaned = cpdask.clean(records, keep_counts=out / "counts.json")  # cleaned "text", other fields kept
        cleaned.map(json.dumps).to_textfiles(str(out / "clean" / "*.jsonl"))  # cleaning it again changes nothing
