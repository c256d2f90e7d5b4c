#!/usr/bin/env python3
"""A corpus of varied hook calls: N different patients and orders, so that no cache could serve a load of them.

    python3 bench/gen_corpus.py [--out target/bench] [--count 1000] [--seed 15]

Writes --out/corpus.tsv, one call a line: the service id, a tab, the request JSON on one line (hookInstance first, a
UUID; bench/wrk-corpus.lua gives each call its own). Prints what the corpus spans (--out/corpus-inputs.md).

Each call is its own patient (id, age, sex) with its own record and draft orders, drawn (fixed seed) so that the
corpus crosses every branch of cql/JIAFollowUpSpineImaging.cql (see /shared/clinical/README.md): ages on both sides
of the young-child threshold (7) and of adulthood (18, birthdays on the order day included), adolescents, no birth
date; JIA known (active, in remission), resolved, refuted, entered in error or absent; back pain as a condition
(thoracic, low back, site unknown; sometimes resolved), only in the order's reasonCode or reasonReference, or none
(some with isolated sacroiliac or peripheral joint pain); spine or trunk injury in the last 30 days or older; coded
spinal infection; fever (Cel or [degF], or coded R50) and raised CRP (mg/L or mg/dL) or ESR, recent or old;
corticosteroid and other MedicationRequests; MR-unsafe implants (active or explanted), devices null; order-select
(one or all drafts selected) and order-sign; 1-3 drafts from every procedure class of the variant (CPT and LOINC
codes taken from the ValueSet files), the three CPT area MRIs ordered together, and orders the variant does not
rate. Dates are relative to the current time, as the CQL's look-back windows are.
"""
import argparse
import collections
import datetime as dt
import glob
import json
import os
import random
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_records import (CLINICAL, ICD10, LOINC, MEDICATIONS, NEUTRAL_CONDITIONS, RXNORM, UCUM, VERIFICATION,  # noqa: E402
                         iso, searchset)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNOMED = "http://snomed.info/sct"
CPT = "http://www.ama-assn.org/go/cpt"
NCI = "urn:oid:2.16.840.1.113883.3.26.1.1"
SERVICE = "jia-spine-followup-"
# Codes of value sets that ship without an expansion (their compose is an is-a filter): members, and codes outside.
INJURY_CODES = ["S32.010A", "S22.000A", "S33.5XXA", "S13.4XXA", "S24.109A", "S34.109A", "T08.XXXA", "S12.000A"]
FEVER_CODES = ["R50.9", "R50.81"]
SACROILIAC_CODES = ["M46.1", "M53.3", "M53.2X8", "M25.551", "M25.561"]
# Orders the variant does not rate: CT spine, one spine area by radiography, MRI with contrast only, knee radiograph.
NOT_RATED_ORDERS = [(CPT, "72128", "CT thoracic spine without contrast"), (CPT, "72131", "CT lumbar spine without contrast"),
                    (CPT, "72100", "Radiologic examination, spine, lumbosacral; 2 or 3 views"),
                    (CPT, "72149", "MRI lumbar spine with contrast"), (CPT, "73560", "Radiologic examination, knee; 1 or 2 views")]


def value_set(name):
    """The codes of fhir-resources/vocabulary/ValueSet-<name>.json: its expansion when it ships one, else the
    concepts its compose lists (value sets it includes are followed)."""
    with open(os.path.join(ROOT, "fhir-resources/vocabulary", f"ValueSet-{name}.json"), encoding="utf-8") as f:
        vs = json.load(f)
    if vs.get("expansion", {}).get("contains"):
        return [(c["system"], c["code"], c.get("display", c["code"])) for c in vs["expansion"]["contains"]]
    codes = []
    for include in vs["compose"]["include"]:
        codes += [(include["system"], c["code"], c.get("display", c["code"])) for c in include.get("concept", [])]
        for ref in include.get("valueSet", []):
            codes += value_set(ref.rsplit("/", 1)[1])
    return codes


class Vocabulary:
    def __init__(self):
        jia = value_set("juvenile-idiopathic-arthritis")
        self.jia_snomed = [c for c in jia if c[0] == SNOMED]
        self.jia_icd = [c for c in jia if c[0] == ICD10]
        self.back_pain = {site: value_set(f"{site}-back-pain") for site in ("thoracic", "low")}
        self.back_pain["unknown-site"] = value_set("back-pain-unspecified-site")
        self.infection = value_set("spinal-infection")
        self.corticosteroids = [c for c in value_set("systemic-corticosteroids") if c[0] == RXNORM]
        self.orders = {cls: value_set(name) for cls, name in [
            ("xr-complete-spine", "radiography-complete-spine"), ("bone-scan-spect", "bone-scan-spect"),
            ("mri-complete-spine-wwo", "mri-complete-spine-without-and-with-contrast"),
            ("mri-spine-area-wwo", "mri-spine-area-without-and-with-contrast"),
            ("mri-spine-wo", "mri-spine-without-contrast")]}
        self.orders["not-rated"] = NOT_RATED_ORDERS
        self.area_cpt = [c for c in self.orders["mri-spine-area-wwo"] if c[0] == CPT]  # 72156, 72157, 72158


def coding(code):
    system, value, display = code
    return {"coding": [{"system": system, "code": value, "display": display}]}


def weighted(rnd, choices):
    return rnd.choices([c for c, _ in choices], [w for _, w in choices])[0]


class Patient:
    """One call's patient: draws the record's features, then builds the FHIR resources."""

    def __init__(self, index, rnd, vocab, now):
        self.rnd, self.vocab, self.now = rnd, vocab, now
        self.id = f"bench-pat-{index:05d}"
        self.features = collections.Counter()
        self.conditions, self.observations, self.medications, self.devices = [], [], [], []

    def ref(self):
        return {"reference": f"Patient/{self.id}"}

    def note(self, feature):
        self.features[feature] += 1

    def birth_date(self):
        rnd, today = self.rnd, self.now.date()
        band = weighted(rnd, [("under 7", 22), ("7-12", 28), ("13-17", 28), ("17, 18th birthday tomorrow", 3),
                              ("18, birthday today", 3), ("adult 19-45", 12), ("no birth date", 4)])
        self.note(f"age {band}")
        if band == "no birth date":
            return None
        eighteen_years_ago = today.replace(year=today.year - 18, day=min(today.day, 28) if today.month == 2 else today.day)
        if band.startswith("17"):
            return eighteen_years_ago + dt.timedelta(days=1)
        if band.startswith("18"):
            return eighteen_years_ago
        low, high = {"under 7": (1, 6), "7-12": (7, 12), "13-17": (13, 17), "adult 19-45": (19, 45)}[band]
        return today - dt.timedelta(days=rnd.randint(low * 366, high * 365 + 364))

    def condition(self, code, status="active", verification="confirmed", days_ago=None, category="problem-list-item"):
        onset = self.now - dt.timedelta(days=days_ago if days_ago is not None else self.rnd.randint(40, 6 * 365),
                                        hours=self.rnd.randint(0, 23))
        resource = {
            "resourceType": "Condition", "id": f"cond-{len(self.conditions) + 1}",
            "clinicalStatus": {"coding": [{"system": CLINICAL, "code": status}]},
            "verificationStatus": {"coding": [{"system": VERIFICATION, "code": verification}]},
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                      "code": category}]}],
            "code": coding(code), "subject": self.ref(),
            "onsetDateTime": iso(onset), "recordedDate": iso(onset + dt.timedelta(hours=self.rnd.randint(0, 48))),
        }
        self.conditions.append(resource)
        return resource

    def observation(self, loinc, display, value, unit, hours_ago):
        self.observations.append({
            "resourceType": "Observation", "id": f"obs-{len(self.observations) + 1}", "status": "final",
            "code": {"coding": [{"system": LOINC, "code": loinc, "display": display}]}, "subject": self.ref(),
            "effectiveDateTime": iso(self.now - dt.timedelta(hours=hours_ago)),
            "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit}})

    def medication(self, code, status):
        self.medications.append({
            "resourceType": "MedicationRequest", "id": f"med-{len(self.medications) + 1}", "status": status,
            "intent": "order", "medicationCodeableConcept": coding(code), "subject": self.ref(),
            "authoredOn": (self.now - dt.timedelta(days=self.rnd.randint(1, 3 * 365))).strftime("%Y-%m-%d")})

    def draw_record(self):
        """Conditions, observations, medications, devices; returns the back pain to put in the order's reason."""
        rnd, vocab = self.rnd, self.vocab
        jia = weighted(rnd, [("active", 58), ("remission", 8), ("resolved", 5), ("refuted", 3),
                             ("entered-in-error", 2), ("absent", 24)])
        self.note(f"JIA {jia}")
        if jia != "absent":
            code = rnd.choice(vocab.jia_snomed if rnd.random() < 0.5 else vocab.jia_icd)
            status = jia if jia in ("active", "remission", "resolved") else "active"
            verification = jia if jia in ("refuted", "entered-in-error") else "confirmed"
            self.condition(code, status, verification)
        back_pain = weighted(rnd, [("condition", 66), ("resolved condition", 4), ("order reasonCode", 8),
                                   ("order reasonReference", 6), ("none", 9), ("none, sacroiliac/peripheral joint", 7)])
        site = weighted(rnd, [("thoracic", 40), ("low", 35), ("unknown-site", 25)])
        pain_code = rnd.choice(vocab.back_pain[site])
        self.note(f"back pain: {back_pain}" + ("" if back_pain.startswith("none") else f", {site}"))
        reason = None
        if back_pain in ("condition", "resolved condition"):
            self.condition(pain_code, "resolved" if back_pain.startswith("resolved") else "active",
                           days_ago=rnd.randint(2, 120), category="encounter-diagnosis")
            if rnd.random() < 0.15:  # pain at a second site
                self.condition(rnd.choice(vocab.back_pain[rnd.choice(["thoracic", "low"])]), days_ago=rnd.randint(2, 60))
        elif back_pain == "order reasonCode":
            reason = {"reasonCode": [coding(pain_code)]}
        elif back_pain == "order reasonReference":
            cond = self.condition(pain_code, verification="provisional", days_ago=rnd.randint(0, 10),
                                  category="encounter-diagnosis")
            reason = {"reasonReference": [{"reference": f"Condition/{cond['id']}"}]}
        elif back_pain.startswith("none, "):
            self.condition((ICD10, rnd.choice(SACROILIAC_CODES), "Sacroiliitis or joint pain"), days_ago=rnd.randint(2, 200))
        for _ in range(rnd.randint(0, 4)):
            self.condition((ICD10,) + rnd.choice(NEUTRAL_CONDITIONS), rnd.choice(["active", "resolved", "inactive"]))
        trauma = weighted(rnd, [("none", 88), ("spine/trunk injury in the last 30 days", 6), ("injury 31-400 days ago", 6)])
        if trauma != "none":
            self.note(trauma)
            self.condition((ICD10, rnd.choice(INJURY_CODES), "Injury of spine or trunk"),
                           days_ago=rnd.randint(0, 29) if "last" in trauma else rnd.randint(31, 400),
                           category="encounter-diagnosis")
        if rnd.random() < 0.04:
            self.note("coded spinal infection")
            self.condition(rnd.choice(vocab.infection), days_ago=rnd.randint(1, 30))
        self.draw_observations()
        self.draw_medications()
        return reason

    def draw_observations(self):
        rnd = self.rnd
        fever = weighted(rnd, [("none", 78), ("fever measured (Cel)", 7), ("fever measured ([degF])", 5),
                               ("fever coded R50", 3), ("fever 4-10 days ago", 7)])
        markers = weighted(rnd, [("normal or none", 70), ("raised CRP mg/L", 10), ("raised CRP mg/dL", 4),
                                 ("raised ESR", 8), ("raised markers 8-30 days ago", 8)])
        if fever != "none":
            self.note(fever)
        if markers != "normal or none":
            self.note(markers)
        if fever != "none" and not fever.endswith("ago") and markers.startswith("raised") and not markers.endswith("ago"):
            self.note("fever and raised markers together")
        for _ in range(rnd.randint(0, 6)):  # history: normal values
            hours = rnd.randint(1, 3 * 365 * 24)
            kind = rnd.randrange(3)
            if kind == 0:
                self.observation("8310-5", "Body temperature", round(rnd.uniform(36.1, 37.6), 1), "Cel", hours)
            elif kind == 1:
                self.observation("1988-5", "C reactive protein", round(rnd.uniform(0.3, 9.5), 1), "mg/L", hours)
            else:
                self.observation("4537-7", "Erythrocyte sedimentation rate", rnd.randint(2, 19), "mm/h", hours)
        if fever.endswith("(Cel)"):
            self.observation("8310-5", "Body temperature", round(rnd.uniform(38.0, 40.2), 1), "Cel", rnd.randint(1, 70))
        elif fever.endswith("([degF])"):
            self.observation("8310-5", "Body temperature", round(rnd.uniform(100.5, 104.0), 1), "[degF]", rnd.randint(1, 70))
        elif fever.endswith("R50"):
            self.condition((ICD10, rnd.choice(FEVER_CODES), "Fever"), days_ago=rnd.randint(0, 6), category="encounter-diagnosis")
        elif fever.endswith("ago"):
            self.observation("8310-5", "Body temperature", round(rnd.uniform(38.2, 39.5), 1), "Cel", rnd.randint(4 * 24, 10 * 24))
        hours = rnd.randint(1, 6 * 24) if not markers.endswith("ago") else rnd.randint(8 * 24, 30 * 24)
        if "CRP mg/L" in markers or markers.endswith("ago"):
            self.observation("1988-5", "C reactive protein", round(rnd.uniform(10.5, 120), 1), "mg/L", hours)
        elif "CRP mg/dL" in markers:
            self.observation("1988-5", "C reactive protein", round(rnd.uniform(1.1, 12), 1), "mg/dL", hours)
        elif "ESR" in markers:
            self.observation("30341-2" if rnd.random() < 0.3 else "4537-7", "Erythrocyte sedimentation rate",
                             rnd.randint(21, 90), "mm/h", hours)

    def draw_medications(self):
        rnd = self.rnd
        steroid = weighted(rnd, [("none", 80), ("active", 12), ("completed", 5), ("entered-in-error", 3)])
        if steroid != "none":
            self.note(f"corticosteroid {steroid}")
            self.medication(rnd.choice(self.vocab.corticosteroids), steroid)
        for _ in range(rnd.randint(0, 3)):
            self.medication((RXNORM,) + rnd.choice(MEDICATIONS), rnd.choice(["active", "completed", "stopped"]))
        implant = weighted(rnd, [("none", 74), ("devices null", 18), ("MR-unsafe implant", 6), ("MR-unsafe implant, explanted", 2)])
        self.note(f"devices: {implant}")
        if implant.startswith("MR-unsafe"):
            self.devices.append({
                "resourceType": "Device", "id": "device-1", "status": "inactive" if "explanted" in implant else "active",
                "type": {"text": "Magnetically controlled growing rod (spinal)"},
                "safety": [{"coding": [{"system": NCI, "code": "C106047", "display": "MR Unsafe"}]}],
                "patient": self.ref()})
        return implant

    def draft_orders(self, reason):
        rnd, vocab = self.rnd, self.vocab
        if rnd.random() < 0.05:
            self.note("orders: MRI complete spine as three CPT area orders")
            codes = [("mri-spine-area-wwo", c) for c in vocab.area_cpt]
        else:
            count = weighted(rnd, [(1, 72), (2, 21), (3, 7)])
            codes = []
            for _ in range(count):
                cls = weighted(rnd, [("xr-complete-spine", 26), ("bone-scan-spect", 10), ("mri-complete-spine-wwo", 14),
                                     ("mri-spine-area-wwo", 20), ("mri-spine-wo", 15), ("not-rated", 15)])
                codes.append((cls, rnd.choice(vocab.orders[cls])))
        orders = []
        authored = self.now - dt.timedelta(minutes=rnd.randint(0, 180))
        for i, (cls, code) in enumerate(codes, 1):
            self.note(f"draft order: {cls}")
            order = {"resourceType": "ServiceRequest", "id": f"order-{i}", "status": "draft", "intent": "order",
                     "code": coding(code), "subject": self.ref(), "requester": {"reference": "Practitioner/dr-bench"}}
            if rnd.random() < 0.9:
                order["authoredOn"] = iso(authored)
            if reason:
                order.update(reason)
            orders.append(order)
        return orders


def call(index, rnd, vocab, now):
    patient = Patient(index, rnd, vocab, now)
    birth = patient.birth_date()
    reason = patient.draw_record()
    orders = patient.draft_orders(reason)
    hook = weighted(rnd, [("order-select", 55), ("order-sign", 45)])
    context = {"userId": "Practitioner/dr-bench", "patientId": patient.id, "encounterId": f"enc-{index:05d}"}
    if hook == "order-select":
        selected = orders if len(orders) == 1 or rnd.random() < 0.5 else [rnd.choice(orders)]
        context["selections"] = [f"ServiceRequest/{o['id']}" for o in selected]
        patient.note("order-select: " + ("every draft selected" if len(selected) == len(orders) else "one of several selected"))
    else:
        patient.note("order-sign")
    context["draftOrders"] = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": o} for o in orders]}
    person = {"resourceType": "Patient", "id": patient.id, "gender": rnd.choice(["female", "male"])}
    if birth:
        person["birthDate"] = birth.isoformat()
    request = {
        "hookInstance": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
        "hook": hook,
        "context": context,
        "prefetch": {
            "patient": person,
            "conditions": searchset(patient.conditions),
            "observations": searchset(patient.observations),
            "medications": searchset(patient.medications),
            "devices": None if patient.features["devices: devices null"] else searchset(patient.devices),
        },
    }
    return SERVICE + hook, request, patient.features


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ROOT, "target/bench"))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rnd, vocab = random.Random(args.seed), Vocabulary()
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    spread, sizes, patients = collections.Counter(), [], set()
    path = os.path.join(args.out, "corpus.tsv")
    with open(path, "w", encoding="utf-8") as out:
        for index in range(1, args.count + 1):
            service, request, features = call(index, rnd, vocab, now)
            line = json.dumps(request, ensure_ascii=False, separators=(",", ":"))
            assert "\t" not in line and "\n" not in line
            out.write(f"{service}\t{line}\n")
            sizes.append(len(line.encode()))
            patients.add(request["context"]["patientId"])
            spread.update({f: 1 for f in features})
    assert len(patients) == args.count
    with open(os.path.join(args.out, "corpus-inputs.md"), "w", encoding="utf-8") as md:
        md.write(f"Corpus: {args.count} calls (seed {args.seed}), {len(patients)} patients, request size "
                 f"{min(sizes)}-{max(sizes)} bytes (mean {sum(sizes) / len(sizes):.0f}).\n\n"
                 "| input feature | calls |\n| --- | ---: |\n")
        for feature, n in sorted(spread.items()):
            md.write(f"| {feature} | {n} |\n")
    print(f"{path}: {args.count} calls, mean {sum(sizes) / len(sizes):.0f} bytes; inputs in {args.out}/corpus-inputs.md")


if __name__ == "__main__":
    main()
