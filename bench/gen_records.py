#!/usr/bin/env python3
"""Benchmark inputs derived from the vignette (order-select, radiography complete spine, 10-year-old with JIA).

    python3 bench/gen_records.py [--out target/bench] [--sizes 10,100,1000,10000] [--variant typical]
                                 [--variant back-pain-notes] [--fhir-port PORT] [--fhir-delay-ms 50]

Writes into --out:
  record-<N>.json   ("typical") the vignette with N resources in prefetch (conditions 30 %, observations 50 %,
                    medications 20 %; the vignette's own 2 conditions and 1 medication included; Patient not
                    counted, devices stays null). The filler is clinically neutral: the answer stays the
                    vignette's warning card (checked by bench/load.sh). One filler condition in ten is an active
                    back pain diagnosis (a patient with repeated back pain visits), observations are normal body
                    temperatures (some in [degF]), CRP and ESR values spread over five years, a few in the last days.
  record-<N>-back-pain-notes.json  (with --variant back-pain-notes) the same, but every filler condition is an
                    active back pain diagnosis with its own free text (Condition.code.text), as when each visit for
                    back pain adds an encounter diagnosis: a stress case for the CQL's back pain concept lists.
  fallback.json     the vignette without prefetch, with fhirServer http://127.0.0.1:PORT/fhir and a bearer token
                    (only with --fhir-port)
  wiremock/mappings/*.json  WireMock stubs serving the vignette's record, every answer delayed 50 ms
                    (--fhir-delay-ms), for the 5 prefetch queries of the service

Deterministic (fixed seed); dates are relative to the current time so the CQL look-back windows apply.
"""
import argparse
import copy
import datetime as dt
import json
import os
import random
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VIGNETTE = os.path.join(ROOT, "src/test/resources/scenarios/vignette-radiograph-order-select/request.json")
PATIENT = "pat-jia-10"

CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"

# Codes in none of the service's value sets that would change the vignette's answer (no trauma, infection, fever,
# sacroiliac pain, corticosteroid).
NEUTRAL_CONDITIONS = [
    ("J45.909", "Unspecified asthma, uncomplicated"),
    ("H20.9", "Unspecified iridocyclitis"),
    ("E55.9", "Vitamin D deficiency, unspecified"),
    ("K21.9", "Gastro-esophageal reflux disease without esophagitis"),
    ("L20.9", "Atopic dermatitis, unspecified"),
    ("J30.9", "Allergic rhinitis, unspecified"),
    ("F41.9", "Anxiety disorder, unspecified"),
    ("D64.9", "Anemia, unspecified"),
    ("R51.9", "Headache, unspecified"),
    ("Z79.899", "Other long term (current) drug therapy"),
]
BACK_PAIN_CONDITIONS = [
    ("M54.6", "Pain in thoracic spine"),
    ("M54.50", "Low back pain, unspecified"),
    ("M54.9", "Dorsalgia, unspecified"),
]
MEDICATIONS = [
    ("6851", "methotrexate"),
    ("5640", "ibuprofen"),
    ("7258", "naproxen"),
    ("4511", "folic acid"),
    ("214555", "etanercept"),
    ("327361", "adalimumab"),
]


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def condition(i, rnd, now, variant):
    if variant == "back-pain-notes":
        code, display = BACK_PAIN_CONDITIONS[i % len(BACK_PAIN_CONDITIONS)]
        clinical = "active"
    elif i % 10 == 0:
        code, display = BACK_PAIN_CONDITIONS[(i // 10) % len(BACK_PAIN_CONDITIONS)]
        clinical = "active"
    else:
        code, display = NEUTRAL_CONDITIONS[i % len(NEUTRAL_CONDITIONS)]
        clinical = rnd.choice(["active", "active", "resolved", "inactive"])
    onset = now - dt.timedelta(days=rnd.randint(40, 5 * 365))
    concept = {"coding": [{"system": ICD10, "code": code, "display": display}]}
    if variant == "back-pain-notes":
        concept["text"] = f"{display}, visit of {onset:%Y-%m-%d} (note {i})"
    return {
        "resourceType": "Condition", "id": f"cond-{i}",
        "clinicalStatus": {"coding": [{"system": CLINICAL, "code": clinical}]},
        "verificationStatus": {"coding": [{"system": VERIFICATION, "code": "confirmed"}]},
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                  "code": "encounter-diagnosis"}]}],
        "code": concept,
        "subject": {"reference": f"Patient/{PATIENT}"},
        "onsetDateTime": iso(onset), "recordedDate": iso(onset + dt.timedelta(days=1)),
    }


def observation(i, rnd, now):
    # a few results in the last three days (inside every look-back window), the rest spread over five years
    when = now - (dt.timedelta(hours=rnd.randint(1, 70)) if i % 25 == 0 else dt.timedelta(days=rnd.randint(8, 5 * 365)))
    kind = i % 4
    if kind == 0:
        code, display, value, unit = "8310-5", "Body temperature", round(rnd.uniform(36.2, 37.4), 1), "Cel"
    elif kind == 1:
        code, display, value, unit = "8310-5", "Body temperature", round(rnd.uniform(97.2, 99.3), 1), "[degF]"
    elif kind == 2:
        code, display, value, unit = "1988-5", "C reactive protein [Mass/volume] in Serum or Plasma", round(rnd.uniform(0.5, 8.0), 1), "mg/L"
    else:
        code, display, value, unit = "4537-7", "Erythrocyte sedimentation rate by Westergren method", rnd.randint(2, 15), "mm/h"
    return {
        "resourceType": "Observation", "id": f"obs-{i}", "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "vital-signs" if code == "8310-5" else "laboratory"}]}],
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
        "subject": {"reference": f"Patient/{PATIENT}"},
        "effectiveDateTime": iso(when),
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
    }


def medication(i, rnd, now):
    code, display = MEDICATIONS[i % len(MEDICATIONS)]
    return {
        "resourceType": "MedicationRequest", "id": f"med-{i}",
        "status": rnd.choice(["active", "completed", "stopped"]), "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": code, "display": display}]},
        "subject": {"reference": f"Patient/{PATIENT}"},
        "authoredOn": (now - dt.timedelta(days=rnd.randint(1, 5 * 365))).strftime("%Y-%m-%d"),
    }


def searchset(resources):
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": len(resources)}
    if resources:  # FHIR has no empty arrays
        bundle["entry"] = [{"fullUrl": f"https://ehr.example.org/fhir/{r['resourceType']}/{r['id']}", "resource": r}
                           for r in resources]
    return bundle


def with_record(vignette, size, now, variant):
    rnd = random.Random(size)
    request = copy.deepcopy(vignette)
    prefetch = request["prefetch"]
    conditions = [e["resource"] for e in prefetch["conditions"].get("entry", [])]
    observations = [e["resource"] for e in prefetch["observations"].get("entry", [])]
    medications = [e["resource"] for e in prefetch["medications"].get("entry", [])]
    n_cond = max(len(conditions), round(size * 0.3))
    n_med = max(len(medications), round(size * 0.2))
    n_obs = size - n_cond - n_med
    conditions += [condition(i, rnd, now, variant) for i in range(1, n_cond - len(conditions) + 1)]
    observations += [observation(i, rnd, now) for i in range(1, n_obs - len(observations) + 1)]
    medications += [medication(i, rnd, now) for i in range(1, n_med - len(medications) + 1)]
    assert len(conditions) + len(observations) + len(medications) == size
    prefetch["conditions"] = searchset(conditions)
    prefetch["observations"] = searchset(observations)
    prefetch["medications"] = searchset(medications)
    request["hookInstance"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-record-{size}-{variant}"))  # a UUID, as CDS Hooks asks
    return request


def stub(name, url_path, body, delay_ms, content_type="application/fhir+json"):
    return {"name": name,
            "request": {"method": "GET", "urlPath": url_path},
            "response": {"status": 200, "headers": {"Content-Type": content_type},
                         "jsonBody": body, "fixedDelayMilliseconds": delay_ms}}


def write(path, document):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ROOT, "target/bench"))
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--variant", action="append", choices=["typical", "back-pain-notes"],
                        help="record variants to write (repeatable; default typical)")
    parser.add_argument("--fhir-port", type=int)
    parser.add_argument("--fhir-delay-ms", type=int, default=50)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with open(VIGNETTE, encoding="utf-8") as f:
        vignette = json.load(f)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    for variant in args.variant or ["typical"]:
        for size in [int(s) for s in args.sizes.split(",") if s]:
            suffix = "" if variant == "typical" else f"-{variant}"
            path = os.path.join(args.out, f"record-{size}{suffix}.json")
            write(path, with_record(vignette, size, now, variant))
            print(f"{path} {os.path.getsize(path)} bytes")

    if args.fhir_port:
        fallback = copy.deepcopy(vignette)
        prefetch = fallback.pop("prefetch")
        fallback["hookInstance"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "bench-fallback"))
        fallback["fhirServer"] = f"http://127.0.0.1:{args.fhir_port}/fhir"
        fallback["fhirAuthorization"] = {"access_token": "bench-token", "token_type": "Bearer",
                                         "expires_in": 300, "scope": "patient/*.read", "subject": "bench"}
        write(os.path.join(args.out, "fallback.json"), fallback)
        mappings = os.path.join(args.out, "wiremock", "mappings")
        os.makedirs(mappings, exist_ok=True)
        empty = {"resourceType": "Bundle", "type": "searchset", "total": 0}
        stubs = {
            "patient": stub("patient", f"/fhir/Patient/{PATIENT}", prefetch["patient"], args.fhir_delay_ms),
            "conditions": stub("conditions", "/fhir/Condition", prefetch["conditions"], args.fhir_delay_ms),
            "observations": stub("observations", "/fhir/Observation", prefetch["observations"], args.fhir_delay_ms),
            "medications": stub("medications", "/fhir/MedicationRequest", prefetch["medications"], args.fhir_delay_ms),
            "devices": stub("devices", "/fhir/Device", empty, args.fhir_delay_ms),
        }
        for name, mapping in stubs.items():
            write(os.path.join(mappings, f"{name}.json"), mapping)
        print(f"{args.out}/fallback.json and {len(stubs)} WireMock stubs ({args.fhir_delay_ms} ms delay)")


if __name__ == "__main__":
    main()
