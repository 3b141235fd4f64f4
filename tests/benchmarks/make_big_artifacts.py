#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a big dbt manifest.json and a matching run_results.json for speed and memory benchmarks.

The manifest is made by replicating the nodes of a realistic manifest under new unique ids until the
file reaches the wanted size; everything else (metadata, sources, macros, docs...) is kept once, and
parent_map/child_map are rebuilt for the replicated ids. Without a source manifest, a synthetic one
with realistic models, tests and seeds is made first. Output is streamed node by node, so memory stays
small whatever the size. Python 3 standard library only.

Prints one JSON line describing what was written (node count, resource type counts, result count).
"""

import argparse
import json
import os
import random
import sys

MIB = 1 << 20


def synthetic_manifest(rng, project="jaffle_analytics", models=120, seeds=4):
    """A small but realistic dbt 1.x manifest (schema v12) with models, seeds and tests."""
    nodes = {}
    seed_ids = []
    for s in range(seeds):
        uid = f"seed.{project}.raw_seed_{s}"
        seed_ids.append(uid)
        nodes[uid] = {
            "database": "analytics", "schema": "raw", "name": f"raw_seed_{s}",
            "resource_type": "seed", "package_name": project,
            "path": f"raw_seed_{s}.csv", "original_file_path": f"seeds/raw_seed_{s}.csv",
            "unique_id": uid, "fqn": [project, f"raw_seed_{s}"], "alias": f"raw_seed_{s}",
            "checksum": {"name": "sha256", "checksum": "%064x" % rng.getrandbits(256)},
            "config": {"enabled": True, "materialized": "seed", "tags": [], "meta": {},
                       "column_types": {}, "quote_columns": None, "delimiter": ","},
            "tags": [], "description": "", "columns": {}, "meta": {}, "docs": {"show": True},
            "depends_on": {"macros": []}, "created_at": 1700000000.0 + s,
        }
    model_ids = []
    for m in range(models):
        name = f"{['stg', 'int', 'fct', 'dim'][m % 4]}_entity_{m}"
        uid = f"model.{project}.{name}"
        parents = (rng.sample(model_ids, min(len(model_ids), rng.randint(1, 3)))
                   if model_ids and m % 4 else [rng.choice(seed_ids)])
        cols = {f"col_{c}": {"name": f"col_{c}", "description": f"Column {c} of {name}, see the "
                             "upstream source for the exact meaning.", "meta": {},
                             "data_type": rng.choice(["string", "int64", "timestamp", "numeric"]),
                             "constraints": [], "quote": None, "tags": []}
                for c in range(rng.randint(3, 12))}
        sql = "\n".join(["with source as (", *[f"    select * from {{{{ ref('{p.split('.')[-1]}') }}}}"
                                               for p in parents],
                         ")", "select", ",\n".join(f"    {c}" for c in cols), "from source"])
        nodes[uid] = {
            "database": "analytics", "schema": "marts", "name": name, "resource_type": "model",
            "package_name": project, "path": f"{name}.sql",
            "original_file_path": f"models/{name}.sql", "unique_id": uid, "fqn": [project, name],
            "alias": name, "checksum": {"name": "sha256", "checksum": "%064x" % rng.getrandbits(256)},
            "config": {"enabled": True, "alias": None, "schema": None, "database": None, "tags": [],
                       "meta": {}, "group": None,
                       "materialized": rng.choice(["view", "table", "table", "incremental",
                                                   "ephemeral"]),
                       "incremental_strategy": None, "persist_docs": {}, "quoting": {},
                       "column_types": {}, "full_refresh": None, "unique_key": None,
                       "on_schema_change": "ignore", "grants": {}, "packages": [],
                       "docs": {"show": True, "node_color": None}, "contract": {"enforced": False},
                       "access": "protected"},
            "tags": [], "description": f"One row per entity {m}. " * rng.randint(1, 6),
            "columns": cols, "meta": {}, "group": None, "docs": {"show": True, "node_color": None},
            "patch_path": f"{project}://models/schema.yml", "build_path": None,
            "unrendered_config": {"materialized": "table"}, "created_at": 1700000100.0 + m,
            "relation_name": f"`analytics`.`marts`.`{name}`", "raw_code": sql, "language": "sql",
            "refs": [{"name": p.split(".")[-1], "package": None, "version": None} for p in parents],
            "sources": [], "metrics": [],
            "depends_on": {"macros": [], "nodes": parents}, "compiled_path": None,
            "contract": {"enforced": False, "alias_types": True, "checksum": None},
            "access": "protected", "constraints": [], "version": None, "latest_version": None,
            "deprecation_date": None,
        }
        model_ids.append(uid)
        for col in list(cols)[: rng.randint(1, 4)]:
            kind = rng.choice(["not_null", "unique", "accepted_values", "relationships"])
            tname = f"{kind}_{name}_{col}"
            tid = f"test.{project}.{tname}.{rng.getrandbits(40):010x}"
            nodes[tid] = {
                "database": "analytics", "schema": "marts_dbt_test__audit", "name": tname,
                "resource_type": "test", "package_name": project, "path": f"{tname}.sql",
                "original_file_path": "models/schema.yml", "unique_id": tid,
                "fqn": [project, tname], "alias": tname,
                "checksum": {"name": "none", "checksum": ""},
                "config": {"enabled": True, "alias": None, "schema": "dbt_test__audit",
                           "database": None, "tags": [], "meta": {}, "group": None,
                           "materialized": "test", "severity": "ERROR", "store_failures": None,
                           "where": None, "limit": None, "fail_calc": "count(*)",
                           "warn_if": "!= 0", "error_if": "!= 0"},
                "tags": [], "description": "", "columns": {}, "meta": {},
                "docs": {"show": True, "node_color": None}, "build_path": None,
                "unrendered_config": {}, "created_at": 1700000200.0 + m,
                "raw_code": f"{{{{ test_{kind}(**_dbt_generic_test_kwargs) }}}}",
                "language": "sql", "refs": [{"name": name, "package": None, "version": None}],
                "sources": [], "metrics": [],
                "depends_on": {"macros": [f"macro.dbt.test_{kind}"], "nodes": [uid]},
                "compiled_path": None, "contract": {"enforced": False, "alias_types": True,
                                                    "checksum": None},
                "column_name": col, "file_key_name": f"models.{name}", "attached_node": uid,
                "test_metadata": {"name": kind, "kwargs": {"column_name": col,
                                                           "model": f"{{{{ get_where_subquery(ref('{name}')) }}}}"},
                                  "namespace": None},
            }
    macros = {f"macro.dbt.test_{k}": {"name": f"test_{k}", "resource_type": "macro",
                                      "package_name": "dbt", "unique_id": f"macro.dbt.test_{k}",
                                      "macro_sql": "{% test " + k + "(model) %}...{% endtest %}",
                                      "depends_on": {"macros": []}, "description": "",
                                      "meta": {}, "arguments": []}
              for k in ("not_null", "unique", "accepted_values", "relationships")}
    parent_map = {uid: n.get("depends_on", {}).get("nodes", []) for uid, n in nodes.items()}
    child_map = {uid: [] for uid in nodes}
    for uid, parents in parent_map.items():
        for p in parents:
            child_map.setdefault(p, []).append(uid)
    return {
        "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",
                     "dbt_version": "1.8.7", "generated_at": "2024-10-01T10:00:00.000000Z",
                     "invocation_id": "5d1c4e1a-7e2e-4f43-9a36-6d2a6f2f4b11", "env": {},
                     "project_name": project, "project_id": "0" * 32, "user_id": None,
                     "send_anonymous_usage_stats": False, "adapter_type": "bigquery"},
        "nodes": nodes, "sources": {}, "macros": macros, "docs": {}, "exposures": {},
        "metrics": {}, "groups": {}, "selectors": {}, "disabled": {},
        "parent_map": parent_map, "child_map": child_map, "group_map": {},
        "saved_queries": {}, "semantic_models": {}, "unit_tests": {},
    }


def dumps(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class Replicator:
    """Serializes each source node once; copy i renames the node's own id with a suffix."""

    def __init__(self, manifest):
        self.nodes = []  # (uid, text, resource_type)
        self.code = []  # the SQL a run result shows for the node
        for uid, node in manifest["nodes"].items():
            self.nodes.append((uid, dumps(node), str(node.get("resource_type", uid.split(".")[0]))))
            self.code.append(node.get("compiled_code") or node.get("raw_code"))
        self.ids = set(manifest["nodes"])
        self.parent_map = manifest.get("parent_map") or {}
        self.child_map = manifest.get("child_map") or {}
        self.copy_bytes = sum(len(t.encode()) + len(u) + 8 for u, t, _ in self.nodes)

    @staticmethod
    def new_id(uid, copy):
        return uid if copy == 0 else f"{uid}_r{copy}"

    def rename(self, ids, copy):
        return [self.new_id(i, copy) if i in self.ids else i for i in ids]


def write_manifest(path, manifest, target_bytes):
    rep = Replicator(manifest)
    rest = {k: v for k, v in manifest.items() if k not in ("nodes", "parent_map", "child_map")}
    rest_bytes = len(dumps(rest).encode())
    map_bytes = sum(len(dumps(v)) + len(k) for k, v in rep.parent_map.items()) * 2
    copies = max(1, round((target_bytes - rest_bytes) / (rep.copy_bytes + map_bytes)))
    written = []  # (copy, index) of every node written, to build the maps and run_results
    counts = {}
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"metadata":' + dumps(manifest.get("metadata", {})) + ',"nodes":{')
        first = True
        for copy in range(copies):
            for index, (uid, text, rtype) in enumerate(rep.nodes):
                new = rep.new_id(uid, copy)
                if copy:
                    text = text.replace(dumps(uid), dumps(new))
                out.write(("" if first else ",") + dumps(new) + ":" + text)
                first = False
                written.append((copy, index))
                counts[rtype] = counts.get(rtype, 0) + 1
        out.write("}")
        for key, value in rest.items():
            if key != "metadata":
                out.write("," + dumps(key) + ":" + dumps(value))
        for name, source in (("parent_map", rep.parent_map), ("child_map", rep.child_map)):
            out.write(',"' + name + '":{')
            first = True
            for copy in range(copies):
                for uid, ids in source.items():
                    if uid in rep.ids or copy == 0:
                        key = rep.new_id(uid, copy) if uid in rep.ids else uid
                        out.write(("" if first else ",") + dumps(key) + ":"
                                  + dumps(rep.rename(ids, copy)))
                        first = False
            out.write("}")
        out.write("}")
    return rep, written, counts


STATUSES = {
    "model": [("success", 90), ("error", 3), ("skipped", 7)],
    "seed": [("success", 97), ("error", 1), ("skipped", 2)],
    "snapshot": [("success", 95), ("error", 2), ("skipped", 3)],
    "test": [("pass", 85), ("fail", 5), ("warn", 5), ("error", 2), ("skipped", 3)],
}


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    x = rng.uniform(0, total)
    for value, w in weighted:
        x -= w
        if x <= 0:
            return value
    return weighted[-1][0]


def write_run_results(path, rep, written, rng):
    """One result per replicated model, seed, snapshot and test: statuses, timings, messages."""
    counts = {}
    n = 0
    clock = 1_700_000_000.0
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"metadata":' + dumps({
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
            "dbt_version": "1.8.7", "generated_at": "2024-10-01T11:00:00.000000Z",
            "invocation_id": "8a4b3c2d-1e0f-4a5b-9c8d-7e6f5a4b3c2d", "env": {}})
                  + ',"results":[')
        for copy, index in written:
            uid, _, rtype = rep.nodes[index]
            if rtype not in STATUSES:
                continue
            new = rep.new_id(uid, copy)
            status = pick(rng, STATUSES[rtype])
            exec_time = 0.0 if status == "skipped" else round(rng.lognormvariate(-0.5, 1.2), 6)
            failures = None
            message = None
            adapter = {}
            if rtype == "test":
                failures = rng.randint(1, 500) if status in ("fail", "warn") else 0
                if status in ("fail", "warn"):
                    message = f"Got {failures} result{'s' if failures != 1 else ''}, configured to {status} if != 0"
            if status == "error":
                message = (f"Database Error in {rtype} {new.split('.')[2]} (models/{new.split('.')[2]}.sql)\n"
                           "  Syntax error: Unexpected identifier \"frm\" at [12:3]\n"
                           "  compiled code at target/run/analytics/models/x.sql")
                failures = None
            elif status == "skipped":
                message = "SKIP relation analytics.marts because a parent failed"
            elif rtype != "test":
                rows = rng.randint(0, 10_000_000)
                message = f"CREATE TABLE ({rows / 1e6:.1f}m rows, {rng.randint(1, 900)}.{rng.randint(0, 9)} MiB processed)"
                adapter = {"_message": message, "code": "CREATE TABLE", "rows_affected": rows,
                           "bytes_processed": rows * 61, "bytes_billed": rows * 64,
                           "location": "EU", "project_id": "analytics-prod",
                           "job_id": "%08x-%04x" % (rng.getrandbits(32), rng.getrandbits(16)),
                           "slot_ms": rng.randint(10, 900000)}
            timing = [] if status == "skipped" else [
                {"name": "compile", "started_at": f"{clock:.6f}", "completed_at": f"{clock + 0.01:.6f}"},
                {"name": "execute", "started_at": f"{clock + 0.01:.6f}",
                 "completed_at": f"{clock + 0.01 + exec_time:.6f}"}]
            clock += exec_time / 4
            result = {"status": status, "timing": timing,
                      "thread_id": f"Thread-{rng.randint(1, 8)} (worker)",
                      "execution_time": exec_time, "adapter_response": adapter,
                      "message": message, "failures": failures, "unique_id": new,
                      "compiled": status != "skipped",
                      "compiled_code": None if status == "skipped" else rep.code[index],
                      "relation_name": None}
            out.write(("," if n else "") + dumps(result))
            n += 1
            counts[status] = counts.get(status, 0) + 1
        out.write('],"elapsed_time":' + dumps(round(clock - 1_700_000_000.0, 3)) + ',"args":'
                  + dumps({"which": "build", "invocation_command": "dbt build --target prod",
                           "select": [], "exclude": [], "threads": 8}) + "}")
    return n, counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="a realistic manifest.json whose nodes are replicated "
                        "(default: a synthetic one)")
    parser.add_argument("--size-mib", type=float, required=True, help="manifest size wanted")
    parser.add_argument("--manifest", required=True, help="where to write the manifest")
    parser.add_argument("--run-results", help="where to write the matching run_results.json")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    if args.source and os.path.isfile(args.source):
        with open(args.source, encoding="utf-8-sig") as f:
            manifest = json.load(f)
        origin = os.path.basename(os.path.dirname(os.path.abspath(args.source)))
    else:
        if args.source:
            print(f"note: {args.source} not found, using synthetic nodes", file=sys.stderr)
        manifest = synthetic_manifest(rng)
        origin = "synthetic"
    rep, written, counts = write_manifest(args.manifest, manifest, int(args.size_mib * MIB))
    info = {"manifest": args.manifest, "bytes": os.path.getsize(args.manifest), "origin": origin,
            "nodes": len(written), "node_types": counts}
    if args.run_results:
        n, statuses = write_run_results(args.run_results, rep, written, rng)
        info.update({"run_results": args.run_results,
                     "run_results_bytes": os.path.getsize(args.run_results),
                     "results": n, "statuses": statuses})
    print(json.dumps(info))


if __name__ == "__main__":
    main()
