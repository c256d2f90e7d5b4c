#!/usr/bin/env python3
"""Posts every call of a corpus (bench/gen_corpus.py) once and counts what the service answered.

    python3 bench/corpus_spread.py <base URL> <corpus.tsv> [--out <markdown file>] [--threads 2]

Counts HTTP statuses (every answer must be 200: exit status 1 otherwise), cards by indicator and topic, ratings by
PAMA rating and ACR category (the pama-rating extension of each systemActions entry), calls without card or
rating, and the number of different answers (the set of card topics and ratings of a call). Prints one line,
"ok: ..." or "WRONG: ...", for bench/load.sh's answer column; the tables go to --out.
"""
import argparse
import collections
import concurrent.futures
import json
import sys
import urllib.error
import urllib.request

PAMA = "http://fhir.org/argonaut/CodeSystem/pama-rating"
CATEGORY = "http://example.org/fhir/acr-cds/CodeSystem/acr-appropriateness-category"


def post(base, line):
    service, body = line.rstrip("\n").split("\t", 1)
    request = urllib.request.Request(f"{base}/cds-services/{service}", data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(body)["hook"], answer.status, json.load(answer)
    except urllib.error.HTTPError as e:
        return json.loads(body)["hook"], e.code, None


def ratings(answer):
    for action in answer.get("systemActions", []):
        for ext in action.get("resource", {}).get("extension", []):
            if ext.get("url", "").endswith("/pama-rating"):
                codings = ext["valueCodeableConcept"]["coding"]
                pama = next((c["code"] for c in codings if c["system"] == PAMA), "?")
                category = next((c.get("display", c["code"]) for c in codings if c["system"] == CATEGORY), "-")
                yield pama, category


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("corpus")
    parser.add_argument("--out")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as f:
        lines = f.readlines()
    statuses, cards, rates = collections.Counter(), collections.Counter(), collections.Counter()
    hooks, answers_seen = collections.Counter(), collections.Counter()
    no_card = no_rating = 0
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        for hook, status, answer in pool.map(lambda line: post(args.base, line), lines):
            statuses[status] += 1
            hooks[hook] += 1
            if status != 200:
                continue
            topics = [(c["indicator"], c.get("source", {}).get("topic", {}).get("code", "-")) for c in answer.get("cards", [])]
            rated = list(ratings(answer))
            cards.update(topics)
            rates.update(rated)
            no_card += not topics
            no_rating += not rated
            answers_seen[(tuple(sorted(topics)), tuple(sorted(rated)))] += 1
    ok = set(statuses) == {200}
    summary = (f"{'ok' if ok else 'WRONG'}: {len(lines)} calls, statuses {dict(statuses)}, {sum(cards.values())} cards, "
               f"{sum(rates.values())} ratings, {len(answers_seen)} different answers")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as md:
            md.write(f"Each of the {len(lines)} corpus calls posted once to {args.base} ({dict(hooks)}): "
                     f"statuses {dict(statuses)}; {no_card} calls without a card, {no_rating} without a rating; "
                     f"{len(answers_seen)} different answers (set of card topics and ratings).\n\n")
            md.write("| card: indicator, topic | cards |\n| --- | ---: |\n")
            for (indicator, topic), n in sorted(cards.items(), key=lambda kv: -kv[1]):
                md.write(f"| {indicator}, {topic} | {n} |\n")
            md.write("\n| rating: PAMA, ACR category | rated orders |\n| --- | ---: |\n")
            for (pama, category), n in sorted(rates.items(), key=lambda kv: -kv[1]):
                md.write(f"| {pama}, {category} | {n} |\n")
    print(summary)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
