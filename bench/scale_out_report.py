#!/usr/bin/env python3
"""The checks and figures of bench/scale-out.sh, from the files it leaves in its folder:

    python3 bench/scale_out_report.py target/bench/scale-out [--bucket 5]

access.log (nginx: msec|status|upstream_addr|upstream_status|request_time|method|uri|X-Hook-Instance|Retry-After),
events.txt (name and epoch ms), wrk-warmup.txt and wrk-run.txt (WRKJSON lines of bench/wrk-corpus.lua),
feedback.json (bench/feedback_loop.py), decisions.txt (decision.hook_instance) and feedback-rows.txt
(feedback.card_uuid and outcome) from PostgreSQL; the setup from the environment bench/scale-out.sh exports.
Prints markdown; exit status 1 when a check fails: an answer other than 200 or 503 with Retry-After (a 499, a call
wrk itself abandoned when its run ended, is reported apart), a socket error or timeout at a client, a hook call
answered 200 without its decision, a feedback entry answered 200 without its row.
"""
import argparse
import collections
import json
import os
import statistics
import sys


def read_log(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            msec, status, upstream, upstream_status, request_time, method, uri, hook_instance, retry_after = \
                line.rstrip("\n").split("|")
            entries.append({"t": float(msec), "status": int(status), "upstreams": upstream.split(", "),
                            "upstream_status": upstream_status, "time": float(request_time), "uri": uri,
                            "hook_instance": hook_instance, "retry_after": retry_after not in ("", "-"),
                            "feedback": uri.endswith("/feedback"), "hook": uri.startswith("/cds-services/")
                            and not uri.endswith("/feedback")})
    return entries


def wrk_stats(path):
    lines = [line for line in open(path, encoding="utf-8") if line.startswith("WRKJSON ")]
    return json.loads(lines[-1][8:]) if lines else None


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--bucket", type=float, default=5)
    args = parser.parse_args()
    folder, E = args.folder, os.environ
    events = {}
    for line in open(os.path.join(folder, "events.txt"), encoding="utf-8"):
        name, ms = line.split()
        events[name] = int(ms) / 1000
    log = read_log(os.path.join(folder, "access.log"))
    instance = {f"127.0.0.1:{E.get('PORT_A')}": "A", f"127.0.0.1:{E.get('PORT_B')}": "B"}
    failures = []

    # ---- every answer: 200, or 503 with Retry-After ----
    statuses = collections.Counter()
    for e in log:
        if e["status"] == 503:
            key = "503 with Retry-After" if e["retry_after"] else "503 without Retry-After"
            key += " (from nginx)" if e["upstream_status"].split(", ")[-1] != "503" else " (from the service)"
        elif e["status"] == 499:
            near_end = any(0 <= e["t"] - events[k] <= 3 for k in ("warmup-end", "run-end") if k in events)
            key = "499, abandoned by wrk as its run ended" if near_end else "499 during a run"
        else:
            key = str(e["status"])
        statuses[key] += 1
    bad = {k: n for k, n in statuses.items() if not (k == "200" or k.startswith("503 with ") or "abandoned" in k)}
    if bad:
        failures.append(f"answers other than 200 and 503 with Retry-After: {bad}")
    client_errors = {}
    for name in ("wrk-warmup.txt", "wrk-run.txt"):
        w = wrk_stats(os.path.join(folder, name))
        if w is None:
            failures.append(f"{name}: wrk printed no result")
            continue
        client_errors[name] = {k: w[k] for k in ("connect", "read", "write", "timeout") if w[k]}
    feedback = json.load(open(os.path.join(folder, "feedback.json"), encoding="utf-8"))
    if feedback["connection_errors"]:
        client_errors["feedback loop"] = {"connection": feedback["connection_errors"]}
    for name, errors in client_errors.items():
        if errors:
            failures.append(f"{name}: socket errors or timeouts {errors}")

    # ---- decisions and feedback ----
    answered = {e["hook_instance"] for e in log if e["hook"] and e["status"] == 200}
    stored = collections.Counter(line.strip() for line in open(os.path.join(folder, "decisions.txt")) if line.strip())
    lost_decisions = answered - set(stored)
    not_answered = set(stored) - answered
    duplicates = {h: n for h, n in stored.items() if n > 1}
    if lost_decisions:
        failures.append(f"{len(lost_decisions)} hook calls answered 200 without a decision, e.g. {sorted(lost_decisions)[:3]}")
    missing_in_log = set(feedback["answered_hook_instances"]) - answered
    if missing_in_log:
        failures.append(f"{len(missing_in_log)} calls the feedback loop saw answered 200 are not in nginx's log as 200")
    accepted = collections.Counter(tuple(x) for x in feedback["accepted_feedback"])
    rows = collections.Counter(tuple(line.split()) for line in open(os.path.join(folder, "feedback-rows.txt")) if line.strip())
    lost_feedback = set(accepted) - set(rows)
    if lost_feedback:
        failures.append(f"{len(lost_feedback)} feedback entries answered 200 without a row")

    # ---- the measured run in buckets ----
    start, end = events["run-start"], events["run-end"]
    buckets = collections.defaultdict(lambda: {"A": 0, "B": 0, "503": 0, "retried": 0, "feedback": 0, "times": []})
    for e in log:
        if not start <= e["t"] < end + 1:
            continue
        b = buckets[int((e["t"] - start) // args.bucket)]
        if e["feedback"]:
            b["feedback"] += e["status"] == 200
            continue
        if not e["hook"]:
            continue
        if e["status"] == 200:
            served_by = instance.get(e["upstreams"][-1], "?")
            b[served_by] = b.get(served_by, 0) + 1
            b["times"].append(e["time"] * 1000)
        elif e["status"] == 503:
            b["503"] += 1
        b["retried"] += len(e["upstreams"]) > 1
    marks = collections.defaultdict(list)
    for name in ("sigterm-A", "exited-A", "restarted-A", "ready-A"):
        if name in events:
            marks[int((events[name] - start) // args.bucket)].append(f"{name} at {events[name] - start:.1f} s")
    n_buckets = int((end - start) // args.bucket)
    rate = [(buckets[i]["A"] + buckets[i]["B"]) / args.bucket for i in range(n_buckets)]
    sigterm_bucket = int((events["sigterm-A"] - start) // args.bucket)
    ready_bucket = int((events["ready-A"] - start) // args.bucket)
    before = rate[:sigterm_bucket] or [0.0]
    tail = rate[ready_bucket + 1:][-3:] or [0.0]  # the last 15 s, once A is back
    dip = min(rate[sigterm_bucket:ready_bucket + 2] or [0.0])

    w = wrk_stats(os.path.join(folder, "wrk-run.txt")) or {}
    run_200 = sum(buckets[i]["A"] + buckets[i]["B"] for i in buckets)
    out = print
    out("## bench/scale-out.sh results\n")
    out(f"- machine: {E.get('MACHINE')}; load average (1/5/15 min) before {E.get('LOAD_BEFORE')}, after "
        f"{E.get('LOAD_AFTER')}; CPU share of all cores used by other processes during the measured run: "
        f"{float(E.get('OTHER_CPU', 0)):.0%}")
    out(f"- two instances of `{os.path.basename(E.get('JAR', '?'))}` (-Xmx{E.get('HEAP')}) on one PostgreSQL, behind "
        f"nginx {E.get('NGINX_VERSION')} (max_fails={E.get('MAX_FAILS')}, fail_timeout={E.get('FAIL_TIMEOUT')}, "
        f"proxy_next_upstream error timeout non_idempotent, 2 tries); wrk {E.get('THREADS')} threads, "
        f"{E.get('CONNECTIONS')} connections, the varied corpus ({E.get('CORPUS')} calls), {E.get('WARMUP')} s warm-up, "
        f"then instance A sent SIGTERM {E.get('STOP_AFTER')} s into the run, started again, and the load kept on for "
        f"{E.get('AFTER_READY')} s once it was ready; "
        f"beside it an EHR sending feedback for every card it is shown")
    out(f"- instance A: SIGTERM at {events['sigterm-A'] - start:.1f} s, exited {events['exited-A'] - events['sigterm-A']:.1f} s "
        f"later, started again, ready {events['ready-A'] - events['restarted-A']:.1f} s after its start (at "
        f"{events['ready-A'] - start:.1f} s)\n")
    out(f"| {args.bucket:g} s from | hook answers 200/s | via A | via B | 503 | calls retried at the other instance | "
        f"feedback 200 | p50 ms | p99 ms | events |")
    out("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for i in range(n_buckets):
        b = buckets[i]
        out(f"| {i * args.bucket:g} | {rate[i]:.0f} | {b['A']} | {b['B']} | {b['503']} | {b['retried']} | {b['feedback']} | "
            f"{percentile(b['times'], 50):.0f} | {percentile(b['times'], 99):.0f} | {'; '.join(marks.get(i, []))} |")
    recovered = statistics.mean(tail) / statistics.mean(before) if statistics.mean(before) else 0.0
    out(f"\nThroughput (hook answers 200 per second): {statistics.mean(before):.0f} before the SIGTERM, lowest "
        f"{dip:.0f} after it, {statistics.mean(tail):.0f} in the last {len(tail) * args.bucket:g} s "
        f"({recovered:.0%} of before). Hook calls answered 200 in the run (wrk and the EHR): {run_200}; wrk: "
        f"{w.get('requests', 0) / (end - start):.0f} req/s, p50 {w.get('p50', 0) / 1000:.0f} ms, "
        f"p99 {w.get('p99', 0) / 1000:.0f} ms, max {w.get('max', 0) / 1000:.0f} ms.\n")
    out("| check (warm-up and run) | result |")
    out("| --- | --- |")
    out(f"| answers through nginx by status | {dict(statuses)} |")
    out(f"| client socket errors and timeouts | {client_errors or 'none'} |")
    out(f"| hook calls answered 200 (nginx log) / their decisions in PostgreSQL / lost | {len(answered)} / "
        f"{len(answered & set(stored))} / **{len(lost_decisions)}** |")
    out(f"| decisions without a 200 answer in the log (the call was abandoned by wrk at its end, or retried after its "
        f"decision was recorded) / hookInstances with two decisions | {len(not_answered)} / {len(duplicates)} |")
    out(f"| feedback entries answered 200 / their rows / lost; retries after 503 | {sum(accepted.values())} / "
        f"{len(set(accepted) & set(rows))} / **{len(lost_feedback)}**; {feedback['feedback_retries']} |")
    out(f"| the feedback loop's answers by status | {json.dumps(feedback['statuses'])} |")
    out(f"\n**{'FAILED: ' + '; '.join(failures) if failures else 'All checks passed.'}**")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
