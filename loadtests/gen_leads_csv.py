#!/usr/bin/env python3
"""Generate a realistic fake leads CSV for OmniReach import benchmarks.

Standard library only. Deterministic: the same --rows/--seed/--bad-rows give
byte-identical output.

    python3 loadtests/gen_leads_csv.py --rows 100000 --seed 42 -o /tmp/leads-100k.csv
    python3 loadtests/gen_leads_csv.py --rows 1000 --bad-rows 25 --seed 7 > /tmp/leads.csv

Columns (headers equal the import's field keys, so the server's suggested
mapping maps every one; use --human-headers for "First Name"-style headers):

    first_name, last_name, email, phone, company, title, stage, tags, timezone

Phones mix formats: US numbers appear in national ("(415) 555-0134",
"415.555.0134") and international ("+1 415-555-0134", "1-415-555-0134") forms,
UK and German numbers in international forms ("+44 20 7946 0321",
"0044 7700 900123", "+49 30 12345678", "+49 151 2345 6789"). National US
numbers need `default_country=US` on the import (bench_import.sh sends it);
UK/DE numbers are always international so they parse whatever the default.
Emails and phones are unique across the file, so a clean file imports as
`created == rows` on an empty workspace.

--bad-rows K replaces K rows (at deterministic positions) with rows the
importer must reject one by one, without failing the whole file: no email and
no phone, malformed email, unparseable phone, unknown timezone, unknown stage.
The CSV itself stays well-formed (same column count, proper quoting).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from typing import TextIO

FIELDS = ["first_name", "last_name", "email", "phone", "company", "title", "stage", "tags", "timezone"]
HUMAN_HEADERS = ["First Name", "Last Name", "Email", "Phone", "Company", "Title", "Stage", "Tags", "Timezone"]

FIRST_NAMES = {
    "US": ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
           "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen",
           "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Priya", "Ashley",
           "Kevin", "Emily", "Jamal", "Maria", "Wei", "Aaliyah", "Tyler", "Olivia", "Ethan", "Sofia"],
    "GB": ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Charlie", "Freya",
           "Noah", "Lily", "Arthur", "Grace", "Leo", "Emily", "Oscar", "Poppy", "Alfie", "Sophie",
           "Aarav", "Siobhan", "Rhys", "Eilidh", "Callum", "Niamh", "Hamish", "Zara", "Imran", "Chloe"],
    "DE": ["Lukas", "Anna", "Leon", "Lea", "Finn", "Lena", "Jonas", "Hannah", "Paul", "Sophie",
           "Felix", "Marie", "Maximilian", "Emma", "Tim", "Laura", "Jan", "Julia", "Niklas", "Katharina",
           "Jürgen", "Jörg", "Björn", "Sören", "Mehmet", "Ayşe", "Anja", "Stefanie", "Tobias", "Greta"],
}
LAST_NAMES = {
    "US": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
           "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
           "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Nguyen", "Patel", "Kim",
           "O'Brien", "Washington", "Chen", "Ramirez", "Walker", "Young", "Allen", "King"],
    "GB": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
           "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
           "Clarke", "Patel", "Khan", "Hughes", "Edwards", "MacDonald", "O'Neill", "Fitzgerald", "Ahmed"],
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
           "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
           "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Yılmaz", "Kaya"],
}
COMPANY_ROOTS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent",
                 "Tyrell", "Cyberdyne", "Aperture", "Black Mesa", "Wonka", "Gringotts", "Oscorp", "Pied Piper",
                 "Massive Dynamic", "Nakatomi", "Dunder Mifflin", "Blue Sun", "Monarch", "Sterling Cooper",
                 "Bluth", "Prestige", "Virtucon", "Gekko", "Abstergo", "Rekall", "Weyland", "Zorg", "Kruger",
                 "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adventure Works", "Proseware",
                 "Wingtip", "Alpine", "Fourth Coffee", "Margie's Travel", "Lucerne", "Humongous", "Trey"]
COMPANY_SUFFIX = {
    "US": ["Inc.", "LLC", "Corp.", "Group", "Labs", "Technologies", "Systems", "Holdings"],
    "GB": ["Ltd", "PLC", "Group", "Partners", "Solutions", "& Co."],
    "DE": ["GmbH", "AG", "GmbH & Co. KG", "SE", "Technik GmbH", "Software AG"],
}
TLD = {"US": "com", "GB": "co.uk", "DE": "de"}
TITLES = ["CEO", "CTO", "CFO", "COO", "VP Sales", "VP Marketing", "Head of Growth", "Sales Director",
          "Account Executive", "Sales Development Representative", "Marketing Manager", "Procurement Manager",
          "Operations Manager", "Head of IT", "Engineering Manager", "Founder", "Co-founder",
          "Chief Revenue Officer", "Office Manager", "Product Manager", "Geschäftsführer", "Vertriebsleiter",
          "Managing Director", "Business Development Manager", "Customer Success Lead"]
# Weighted like a real funnel: most leads are early.
STAGES = ["lead"] * 50 + ["contacted"] * 22 + ["replied"] * 10 + ["meeting"] * 7 + \
         ["negotiation"] * 5 + ["won"] * 3 + ["lost"] * 3
TAGS = ["enterprise", "smb", "mid-market", "inbound", "outbound", "webinar", "trade-show", "referral",
        "saas", "fintech", "healthcare", "manufacturing", "retail", "q3-campaign", "hot", "cold",
        "partner", "churn-risk", "expansion", "emea", "na"]
TIMEZONES = {
    "US": ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix"],
    "GB": ["Europe/London"],
    "DE": ["Europe/Berlin"],
}
US_AREA_CODES = ["201", "212", "213", "305", "312", "404", "408", "415", "469", "503", "512", "602", "617",
                 "646", "702", "713", "720", "737", "786", "818", "857", "917", "929", "971"]
EMAIL_DOMAINS_FREE = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "gmx.de", "web.de"]
ASCII_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                            "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "é": "e", "'": "", " ": "", "&": "",
                            ".": ""})


def slug(s: str) -> str:
    return s.translate(ASCII_FOLD).lower()


def us_phone(rng: random.Random) -> tuple[str, str]:
    """Returns (digits key for uniqueness, formatted)."""
    area = rng.choice(US_AREA_CODES)
    exch = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
    if exch[1:] == "11":  # N11 exchanges are not assignable
        exch = exch[0] + "21"
    line = f"{rng.randint(0, 9999):04d}"
    key = "1" + area + exch + line
    fmt = rng.choice([
        f"({area}) {exch}-{line}",
        f"{area}-{exch}-{line}",
        f"{area}.{exch}.{line}",
        f"{area}{exch}{line}",
        f"+1 {area}-{exch}-{line}",
        f"+1 ({area}) {exch}-{line}",
        f"+1{area}{exch}{line}",
        f"1-{area}-{exch}-{line}",
    ])
    return key, fmt


def uk_phone(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:  # London landline 020 7xxx xxxx / 020 8xxx xxxx
        a, b = f"{rng.choice('78')}{rng.randint(0, 999):03d}", f"{rng.randint(0, 9999):04d}"
        key = "4420" + a + b
        fmt = rng.choice([f"+44 20 {a} {b}", f"+44 20{a[0]} {a[1:]} {b}", f"0044 20 {a} {b}", f"+4420{a}{b}"])
    else:  # mobile 074xx-079xx, limited to blocks libphonenumber treats as mobile
        second = rng.choice("45789")
        third = rng.choice({"4": "01234", "5": "3456789", "7": "1234567", "8": "456789", "9": "456789"}[second])
        a, b = f"7{second}{third}{rng.randint(0, 9)}", f"{rng.randint(0, 999999):06d}"
        key = "44" + a + b
        fmt = rng.choice([f"+44 {a} {b}", f"+44 {a}{b}", f"0044 {a} {b}", f"+44-{a}-{b}"])
    return key, fmt


def de_phone(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:  # Berlin / Munich / Hamburg landline, 8-digit subscriber
        area = rng.choice(["30", "89", "40"])
        sub = f"{rng.randint(20000000, 99999999)}"
        key = "49" + area + sub
        fmt = rng.choice([f"+49 {area} {sub}", f"+49 ({area}) {sub[:4]} {sub[4:]}", f"0049 {area} {sub}",
                          f"+49-{area}-{sub}"])
    else:  # mobile 015x / 016x / 017x
        pre = rng.choice(["151", "152", "160", "162", "170", "171", "172", "176"])
        sub = f"{rng.randint(1000000, 9999999)}" if pre.startswith("16") else f"{rng.randint(10000000, 99999999)}"
        key = "49" + pre + sub
        fmt = rng.choice([f"+49 {pre} {sub}", f"+49 {pre} {sub[:4]} {sub[4:]}", f"0049 {pre} {sub}",
                          f"+49{pre}{sub}"])
    return key, fmt


PHONE = {"US": us_phone, "GB": uk_phone, "DE": de_phone}


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen_phones: set[str] = set()
        self.companies = self._companies(600)

    def _companies(self, n: int) -> list[tuple[str, str, str]]:
        out, seen = [], set()
        while len(out) < n:
            country = self.rng.choices(["US", "GB", "DE"], weights=[60, 22, 18])[0]
            root = self.rng.choice(COMPANY_ROOTS)
            extra = self.rng.choice(["", "", " Digital", " Analytics", " Robotics", " Health", " Logistics",
                                     " Energy", " Media", " Capital", " Cloud", " Foods"])
            name = f"{root}{extra} {self.rng.choice(COMPANY_SUFFIX[country])}"
            if name in seen:
                continue
            seen.add(name)
            domain = f"{slug(root + extra)}.{TLD[country]}"
            out.append((name, domain, country))
        return out

    def phone(self, country: str) -> str:
        for _ in range(100):
            key, fmt = PHONE[country](self.rng)
            if key not in self.seen_phones:
                self.seen_phones.add(key)
                return fmt
        raise RuntimeError("phone space exhausted")

    def lead(self, i: int) -> list[str]:
        rng = self.rng
        company, domain, country = rng.choice(self.companies)
        first = rng.choice(FIRST_NAMES[country])
        last = rng.choice(LAST_NAMES[country])
        # The row index keeps emails unique without looking unrealistic.
        local = rng.choice([f"{slug(first)}.{slug(last)}", f"{slug(first)[0]}{slug(last)}",
                            f"{slug(first)}", f"{slug(first)}_{slug(last)}"])
        if rng.random() < 0.12:
            email = f"{slug(first)}.{slug(last)}{i}@{rng.choice(EMAIL_DOMAINS_FREE)}"
        else:
            email = f"{local}{i}@{domain}"
        if rng.random() < 0.08:
            email = email.capitalize()  # mixed case, as people type it
        has_email, has_phone = True, True
        r = rng.random()
        if r < 0.10:
            has_phone = False
        elif r < 0.15:
            has_email = False
        n_tags = rng.choices([0, 1, 2, 3], weights=[25, 40, 25, 10])[0]
        tags = ",".join(sorted(rng.sample(TAGS, n_tags)))
        tz = rng.choice(TIMEZONES[country]) if rng.random() < 0.85 else ""
        return [
            first,
            last,
            email if has_email else "",
            self.phone(country) if has_phone else "",
            company if rng.random() < 0.95 else "",
            rng.choice(TITLES) if rng.random() < 0.9 else "",
            rng.choice(STAGES),
            tags,
            tz,
        ]

    def bad(self, i: int) -> list[str]:
        row = self.lead(i)
        kind = self.rng.randrange(5)
        if kind == 0:  # neither email nor phone
            row[2], row[3] = "", ""
        elif kind == 1:  # malformed email, no phone to fall back on
            row[2], row[3] = self.rng.choice(["not-an-email", "jane@", "@example.com", "a b@example.com",
                                              "john.doe@@example.com"]), ""
        elif kind == 2:  # unparseable phone, no email to fall back on
            row[2], row[3] = "", self.rng.choice(["12", "call me", "+999 1", "n/a", "tbd"])
        elif kind == 3:  # unknown IANA timezone
            row[8] = self.rng.choice(["Mars/Olympus_Mons", "Europe/Atlantis", "GMT+25", "Not/AZone"])
        else:  # unknown stage
            row[6] = self.rng.choice(["banana", "closed-won!!", "prospect??", "42"])
        return row


def write(out: TextIO, rows: int, seed: int, bad_rows: int, human_headers: bool) -> None:
    if bad_rows > rows:
        raise SystemExit(f"--bad-rows ({bad_rows}) cannot exceed --rows ({rows})")
    gen = Generator(seed)
    bad_at = set(random.Random(seed ^ 0x5EED).sample(range(rows), bad_rows))
    w = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HUMAN_HEADERS if human_headers else FIELDS)
    for i in range(rows):
        w.writerow(gen.bad(i) if i in bad_at else gen.lead(i))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", "-n", type=int, default=1000, help="number of data rows (default 1000)")
    p.add_argument("--seed", type=int, default=42, help="random seed; same seed -> same file (default 42)")
    p.add_argument("--bad-rows", type=int, default=0, metavar="K", help="replace K rows with invalid ones")
    p.add_argument("--human-headers", action="store_true", help='headers like "First Name" instead of field keys')
    p.add_argument("--output", "-o", default="-", help="output file (default stdout)")
    a = p.parse_args(argv)
    if a.rows < 0 or a.bad_rows < 0:
        p.error("--rows and --bad-rows must be >= 0")
    if a.output == "-":
        write(sys.stdout, a.rows, a.seed, a.bad_rows, a.human_headers)
    else:
        with open(a.output, "w", newline="", encoding="utf-8") as f:
            write(f, a.rows, a.seed, a.bad_rows, a.human_headers)
        print(f"wrote {a.rows} rows ({a.bad_rows} bad) to {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
