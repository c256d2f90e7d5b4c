#!/usr/bin/env python3
"""An EHR that sends feedback: for --seconds (or until SIGTERM), posts corpus calls (bench/gen_corpus.py) one at a time and, for every
card answered, the clinician's feedback (accepted with the card's first suggestion when it has one, else overridden
with its first override reason), as CDS Hooks 2.0 describes.

    python3 bench/feedback_loop.py <base URL> <corpus.tsv> --seconds 90 --out feedback.json [--pause 0.05]

Each call gets a hookInstance of its own (also sent as X-Hook-Instance, for the load balancer's log). A 503 with
Retry-After is what the service answers when it cannot take the call now: the feedback is then sent again after
that many seconds (at most 1 s here), as the service asks; a hook call answered 503 is not repeated (an EHR would
show no advice). Writes to --out: the hookInstances answered 200, the feedback entries answered 200 (card uuid,
outcome), the answers by endpoint and status, the retries and the connection errors.
"""
import argparse
import collections
import datetime as dt
import http.client
import json
import signal
import time
import urllib.parse
import uuid


class Client:
    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.connection = None
        self.errors = 0

    def post(self, path, body, headers=None):
        """(status, Retry-After or None, parsed body or None); (None, None, None) on a connection error."""
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.connection.request("POST", path, body=body.encode(),
                                    headers={"Content-Type": "application/json", **(headers or {})})
            response = self.connection.getresponse()
            data = response.read()
            parsed = json.loads(data) if response.status == 200 and data else None
            return response.status, response.getheader("Retry-After"), parsed
        except (OSError, http.client.HTTPException):
            self.errors += 1
            self.connection = None
            return None, None, None


def feedback_entry(card):
    entry = {"card": card["uuid"], "outcomeTimestamp": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")}
    if card.get("suggestions"):
        entry.update(outcome="accepted", acceptedSuggestions=[{"id": card["suggestions"][0]["uuid"]}])
    else:
        entry["outcome"] = "overridden"
        if card.get("overrideReasons"):
            entry["overrideReason"] = {"reason": card["overrideReasons"][0]}
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("corpus")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between hook calls")
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as f:
        calls = [line.rstrip("\n").split("\t", 1) for line in f]
    client = Client(args.base)
    statuses = collections.defaultdict(collections.Counter)
    answered, accepted, retries = [], [], 0
    end = time.monotonic() + args.seconds
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))  # the call in progress is finished first
    index = len(calls)
    while time.monotonic() < end and not stopped:
        index = (index - 1) % len(calls)  # from the corpus's end: other calls than wrk's threads start with
        service, body = calls[index]
        hook_instance = str(uuid.uuid4())
        request = json.loads(body)
        request["hookInstance"] = hook_instance
        status, retry_after, answer = client.post(f"/cds-services/{service}", json.dumps(request),
                                                  {"X-Hook-Instance": hook_instance})
        statuses["hook"][str(status) + ("" if status != 503 or retry_after else "-without-Retry-After")] += 1
        if status == 200:
            answered.append(hook_instance)
            for card in answer.get("cards", []):
                entry = feedback_entry(card)
                for _attempt in range(30):
                    status, retry_after, _ = client.post(f"/cds-services/{service}/feedback", json.dumps({"feedback": [entry]}))
                    statuses["feedback"][str(status) + ("" if status != 503 or retry_after else "-without-Retry-After")] += 1
                    if status == 200:
                        accepted.append([entry["card"], entry["outcome"]])
                        break
                    if status == 503 and retry_after or status is None:
                        retries += 1
                        time.sleep(min(float(retry_after or 1), 1.0))
                        continue
                    break
        time.sleep(args.pause)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"answered_hook_instances": answered, "accepted_feedback": accepted, "statuses": statuses,
                   "feedback_retries": retries, "connection_errors": client.errors}, out)
    print(f"feedback loop: {len(answered)} hook calls answered, {len(accepted)} feedback entries accepted, "
          f"{retries} retries, {client.errors} connection errors, statuses {json.dumps(statuses)}")


if __name__ == "__main__":
    main()
