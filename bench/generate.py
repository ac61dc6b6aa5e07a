#!/usr/bin/env python3
"""Generate a synthetic, valid agreements repository for benchmarks.

    python bench/generate.py OUT_DIR --documents 3000 [--seed 1] [--force]
                             [--regions 3] [--git-commits K] [--plain]

OUT_DIR receives ``agreements/organisation/*.yml`` (the registry),
``agreements/ordlista.yml`` and N documents (avtal, bilagor,
uppdragshandlingar, mötesanteckningar) in subfolders. The corpus follows every
rule of the content model, so ``samverkan validate --root OUT_DIR`` should
report no findings at all.

Dates are fixed, not relative to today, so the output depends only on the
arguments: everything "in the past" lies on or before ``PAST_MAX`` and every
``revideras`` lies between ``FUTURE_MIN`` and ``FUTURE_MAX``. The corpus stays
free of date warnings until ``FUTURE_MIN``.

Unless ``--plain`` is given, a small share of files use the quirks the content
model explicitly allows (CRLF line endings, a UTF-8 BOM, NFD-normalised keys),
plus README.md files and binary attachments that must be ignored.

``--git-commits K`` turns OUT_DIR into a git repository with one initial commit
and K further commits, each editing a few documents (status transitions
utkast → remiss → fastställd, body edits, renames with ``git mv``).

Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PAST_MIN = dt.date(2018, 1, 1)
PAST_MAX = dt.date(2025, 12, 31)
FUTURE_MIN = dt.date(2035, 1, 1)
FUTURE_MAX = dt.date(2039, 12, 31)

LEVELS = ("lokal", "delregional", "regional")


def rank(level: str) -> int:
    return LEVELS.index(level)


# --------------------------------------------------------------------------
# Text helpers


def slug(text: str) -> str:
    """An id-safe slug: ASCII, lowercase, words joined by '-'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text


def toc_slugify(text: str) -> str:
    """Python-Markdown toc ``slugify`` (the site's heading anchors)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def toc_unique(anchor: str, used: set[str]) -> str:
    """Python-Markdown toc ``unique``: a repeated anchor gets ``_1``, ``_2`` …"""
    while anchor in used or not anchor:
        m = re.match(r"^(.*)_([0-9]+)$", anchor)
        if m:
            anchor = f"{m.group(1)}_{int(m.group(2)) + 1}"
        else:
            anchor = f"{anchor}_1"
    used.add(anchor)
    return anchor


def days(rng: random.Random, lo: int, hi: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(lo, hi))


def rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def clamp(d: dt.date, hi: dt.date = PAST_MAX) -> dt.date:
    return d if d <= hi else hi


# --------------------------------------------------------------------------
# Word pools

REGION_NAMES = [
    "Nordmark",
    "Sjöland",
    "Älvbygd",
    "Västerskog",
    "Österhav",
    "Fjällmark",
    "Söderslätt",
    "Mälarbygd",
]
DELREGION_NAMES = [
    "Fjällbygden",
    "Kustlandet",
    "Mellanbygden",
    "Skogsriket",
    "Slättbygden",
    "Älvdalen",
    "Skärgården",
    "Höglandet",
    "Sjöbygden",
    "Bergslagen",
    "Ådalen",
    "Norrkusten",
    "Västbygden",
    "Österlandet",
    "Dalbygden",
    "Hedbygden",
    "Myrlandet",
    "Ängsbygden",
    "Kulturbygden",
    "Gränsbygden",
]
KOMMUN_PREFIX = [
    "Björk",
    "Sjö",
    "Berg",
    "Ek",
    "Lind",
    "Alm",
    "Gran",
    "Sten",
    "Ström",
    "Hög",
    "Öster",
    "Väster",
    "Norr",
    "Söder",
    "Frö",
    "Mal",
    "Ål",
    "Tall",
    "Ås",
    "Kvarn",
    "Hjort",
    "Räv",
    "Bäck",
    "Lo",
    "Ulv",
    "Hassel",
    "Sil",
    "Falk",
    "Örn",
    "Ljung",
    "Hammar",
    "Mjöl",
    "Vass",
    "Tran",
    "Sval",
]
KOMMUN_SUFFIX = [
    "holm",
    "vik",
    "by",
    "köping",
    "sund",
    "torp",
    "dal",
    "näs",
    "hult",
    "fors",
    "red",
    "ås",
    "ryd",
    "tuna",
    "stad",
    "åker",
    "bo",
    "mark",
    "lunda",
    "hamn",
]
FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Per",
    "Lena",
    "Anders",
    "Sara",
    "Mikael",
    "Elin",
    "Fredrik",
    "Ingrid",
    "Olof",
    "Åsa",
    "Björn",
    "Märta",
    "Göran",
    "Ylva",
    "Jörgen",
    "Linnéa",
    "Håkan",
    "Sofia",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Lindqvist",
    "Bergström",
    "Åberg",
    "Söderlund",
    "Öberg",
    "Hedlund",
    "Sjögren",
    "Wallin",
]
KOMMUN_INSTANS = ["Kommunstyrelsen", "Socialnämnden", "Vård- och omsorgsnämnden", "Kommunfullmäktige"]
REGION_INSTANS = ["Regionstyrelsen", "Hälso- och sjukvårdsstyrelsen", "Regionfullmäktige"]

# (id part, phrase, tag)
TOPICS = [
    ("psykisk-halsa", "samverkan kring personer med psykisk funktionsnedsättning", "Psykisk hälsa"),
    ("hemsjukvard", "hälso- och sjukvård i hemmet", "Vård i hemmet"),
    ("utskrivning", "samverkan vid utskrivning från sluten hälso- och sjukvård", "Utskrivning"),
    ("barn-unga", "barn och unga med behov av samordnade insatser", "Barn och unga"),
    ("missbruk", "vård för personer med missbruk och beroende", "Missbruk och beroende"),
    ("hjalpmedel", "hjälpmedel och förbrukningsartiklar", "Hjälpmedel"),
    ("lakemedel", "läkemedelshantering i kommunal hälso- och sjukvård", "Läkemedel"),
    ("demens", "vård och omsorg vid demenssjukdom", "Demens"),
    ("palliativ", "palliativ vård i livets slutskede", "Palliativ vård"),
    ("rehabilitering", "rehabilitering och habilitering", "Rehabilitering"),
    ("informationsoverforing", "informationsöverföring och gemensamma IT-stöd", "Digitalisering"),
    ("sip", "samordnad individuell plan", "SIP"),
    ("krisberedskap", "krisberedskap och kontinuitetsplanering", "Krisberedskap"),
    ("tandvard", "uppsökande och nödvändig tandvård", "Tandvård"),
    ("elevhalsa", "samverkan mellan elevhälsa och primärvård", "Barn och unga"),
    ("aldre", "vård och omsorg om äldre med omfattande behov", "Äldre"),
    ("suicidprevention", "suicidprevention", "Psykisk hälsa"),
    ("vald", "våld i nära relationer", "Våld i nära relationer"),
    ("nutrition", "nutrition och måltider", "Vård i hemmet"),
    ("lss", "insatser enligt LSS och hälso- och sjukvård", "Funktionsnedsättning"),
]
EXTRA_TAGS = ["Uppföljning", "Kompetensförsörjning", "Patientsäkerhet", "Nära vård"]

AVTAL_KINDS = {
    "regional": ["Regional överenskommelse om", "Regional riktlinje för"],
    "delregional": ["Delregional tillämpning av överenskommelsen om", "Delregional överenskommelse om"],
    "lokal": ["Lokal överenskommelse om", "Lokal rutin för", "Lokal tillämpning för"],
}

AVTAL_HEADINGS = [
    "Bakgrund",
    "Syfte och mål",
    "Omfattning",
    "Målgrupp",
    "Ansvar och roller",
    "Regionens ansvar",
    "Kommunens ansvar",
    "Samverkan och informationsöverföring",
    "Uppföljning och utvärdering",
    "Avvikelsehantering",
    "Ekonomi",
    "Vad gäller vid tvist?",
    "Giltighet och revidering",
    "Definitioner",
    "Uppföljning – indikatorer",
    "Kontaktvägar (dygnet runt)",
]
BILAGA_SUBJECTS = [
    "Rutin för kontaktvägar",
    "Checklista vid utskrivning",
    "Ansvarsfördelning",
    "Mall för samordnad individuell plan",
    "Kontaktlista",
    "Ersättningsmodell",
    "Flödesschema",
    "Definitioner och begrepp",
    "Uppföljningsindikatorer",
    "Rutin för avvikelser",
    "Delegering av hälso- och sjukvårdsuppgifter",
]
BILAGA_HEADINGS = [
    "Inledning",
    "Rutin",
    "Checklista",
    "Kontaktvägar",
    "Ansvarsfördelning i detalj",
    "Mallar",
    "Flödesschema",
    "Ändringslogg",
    "Exempel",
    "Begrepp",
]
UPPDRAG_HEADINGS = [
    "Bakgrund",
    "Uppdrag",
    "Mål",
    "Avgränsningar",
    "Organisation",
    "Tidplan",
    "Risker",
    "Kommunikation",
    "Rapportering",
    "Resurser",
]
MOTE_ITEMS = [
    "Rapport från SRO",
    "Läget i utskrivningsprocessen",
    "Ekonomisk uppföljning",
    "Remissvar",
    "Nya riktlinjer för hemsjukvård",
    "Kompetensförsörjning",
    "Avvikelser sedan förra mötet",
    "Barn och unga",
    "Digitala vårdmöten",
    "Uppdrag till arbetsgruppen",
    "Information från kommunerna",
]
ARENA_TOPICS = {
    "psykisk-halsa": "psykisk hälsa",
    "barn-unga": "barn och unga",
    "aldre": "äldre",
    "digitalisering": "digitalisering",
    "hemsjukvard": "hemsjukvård",
}
DEFINITE = {
    "avtal": "avtalet",
    "bilaga": "bilagan",
    "uppdragshandling": "uppdragshandlingen",
    "mötesanteckning": "mötesanteckningarna",
}
PHASES = ["Förstudie", "Genomförande", "Uppföljning"]
ACTIVITIES = [
    "Kartläggning av nuläget",
    "Intervjuer med verksamheterna",
    "Workshop med parterna",
    "Förslag till rutin",
    "Remiss till parterna",
    "Utbildningsinsatser",
    "Pilotverksamhet i två kommuner",
    "Införande i hela området",
    "Utvärdering",
    "Slutrapport till uppdragsgivaren",
]
BESLUTSSTEG = [
    "Framtagande i arbetsgrupp",
    "Remiss till parterna",
    "Behandling i SRO",
    "Beslut i VVG",
    "Beslut i respektive parts nämnd",
]
MALGRUPPER = [
    "personer med psykisk ohälsa",
    "barn och unga",
    "äldre med omfattande behov",
    "personer med missbruk och beroende",
    "personer i behov av hemsjukvård",
    "patienter som skrivs ut från slutenvården",
    "personer med demenssjukdom",
    "personer med funktionsnedsättning",
]
ACTIONS = [
    "en samordnad individuell plan upprättas",
    "informationsöverföring sker utan dröjsmål",
    "uppföljning görs minst en gång per år",
    "kontaktvägar är kända för personalen",
    "avvikelser rapporteras och återkopplas",
    "kompetensutveckling erbjuds",
    "den enskilde görs delaktig i planeringen",
    "läkemedelsgenomgångar genomförs",
    "hjälpmedel förskrivs enligt gällande rutin",
    "närstående får stöd och information",
]
ACTORS = [
    "Regionen",
    "Kommunen",
    "Primärvården",
    "Vårdcentralen",
    "Den kommunala hälso- och sjukvården",
    "Socialtjänsten",
    "Specialistpsykiatrin",
    "Slutenvården",
    "Elevhälsan",
    "Parterna",
]
TIMES = [
    "tre arbetsdagar",
    "en vecka",
    "fjorton dagar",
    "en månad",
    "rimlig tid",
    "varje kvartal",
    "det första vårdplaneringstillfället",
]
ABBREVIATIONS = {
    "SIP": "Samordnad individuell plan",
    "VVG": "Vårdsamverkansgrupp",
    "SRO": "Strategiskt regionalt organ",
    "HSL": "Hälso- och sjukvårdslagen",
    "SoL": "Socialtjänstlagen",
    "LSS": "Lagen om stöd och service till vissa funktionshindrade",
    "LPT": "Lagen om psykiatrisk tvångsvård",
    "LVM": "Lagen om vård av missbrukare i vissa fall",
    "BUP": "Barn- och ungdomspsykiatri",
    "KAS": "Kommunal akutsjukvård",
    "NSG": "Närsjukvårdsgrupp",
    "MAS": "Medicinskt ansvarig sjuksköterska",
    "MAR": "Medicinskt ansvarig för rehabilitering",
    "IVO": "Inspektionen för vård och omsorg",
    "SKR": "Sveriges Kommuner och Regioner",
    "HSA": "Hälso- och sjukvårdsavtal",
    "PSL": "Patientsäkerhetslagen",
    "LUS": "Lagen om samverkan vid utskrivning från sluten hälso- och sjukvård",
    "ÄBIC": "Äldres behov i centrum",
    "IBIC": "Individens behov i centrum",
    "KPP": "Kostnad per patient",
    "ST": "Specialiseringstjänstgöring",
    "AT": "Allmäntjänstgöring",
    "EPJ": "Elektronisk patientjournal",
    "NPÖ": "Nationell patientöversikt",
}
ABBR_KEYS = list(ABBREVIATIONS)


# --------------------------------------------------------------------------
# Model


def add_place(fm: dict, public: bool, level: str, rid: str, d: str | None, kommuner: list[str]) -> None:
    """Publication and scope keys shared by avtal and uppdragshandlingar (kommuner only on lokal)."""
    if not public:
        fm["publicering"] = "intern"
    fm["nivå"] = level
    fm["region"] = rid
    if d:
        fm["delregion"] = d
    if kommuner:
        fm["kommuner"] = kommuner


@dataclass
class Entry:
    id: str
    typ: str
    data: dict
    file: str  # registry file name (without folder)


@dataclass
class Doc:
    id: str
    typ: str
    region: str
    public: bool
    fm: dict
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    anchors: list[tuple[str, str | None]] = field(default_factory=list)  # (anchor, writable text)
    path: str = ""
    body: str = ""
    quirk: str | None = None  # None, "crlf", "bom", "nfd"
    scope_kommuner: list[str] = field(default_factory=list)
    delregion: str | None = None
    nivå: str | None = None
    attachment: str | None = None

    def set_headings(self, headings: list[tuple[int, str]]) -> None:
        self.headings = headings
        used: set[str] = set()
        self.anchors = []
        for _, text in headings:
            base = toc_slugify(text)
            anchor = toc_unique(base, used)
            # The written heading text only reaches the first occurrence.
            self.anchors.append((anchor, text if anchor == base else None))


KEY_ORDER = [
    "id",
    "typ",
    "titel",
    "status",
    "publicering",
    "nivå",
    "region",
    "delregion",
    "kommuner",
    "bilaga_till",
    "nummer",
    "arena",
    "datum",
    "tid",
    "mötesform",
    "parter",
    "uppdragsgivare",
    "uppdragstagare",
    "rapporterar_till",
    "dokumentägare",
    "fastställd",
    "fastställd_av",
    "giltig_från",
    "giltig_till",
    "upphävd",
    "revideras",
    "diarienummer",
    "version",
    "tillämpar",
    "ersätter",
    "tidsram",
    "aktiviteter",
    "beslutsprocess",
    "antagande",
    "deltagare",
    "antecknare",
    "behandlade",
    "ämnen",
    "relaterade",
]


def ordered(fm: dict) -> dict:
    known = {k: fm[k] for k in KEY_ORDER if k in fm}
    known.update({k: v for k, v in fm.items() if k not in known})
    return known


_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):
    def ignore_aliases(self, data):  # the content model forbids anchors/aliases
        return True


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


def nfd_keys(value):
    if isinstance(value, dict):
        return {unicodedata.normalize("NFD", k): nfd_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfd_keys(v) for v in value]
    return value


# A document on remiss names its remiss (spec: required while status is remiss);
# fixed values, so the archive does not depend on when the block was added
REMISS_BLOCK = {"från": dt.date(2025, 10, 1), "till": dt.date(2025, 12, 31), "instanser": ["alla kommuner"]}


def render(doc: Doc) -> bytes:
    fm = ordered(doc.fm)
    if fm.get("status") == "remiss" and doc.typ in ("avtal", "bilaga", "uppdragshandling") and "remiss" not in fm:
        fm = {**fm, "remiss": REMISS_BLOCK}
    if doc.quirk == "nfd":
        fm = nfd_keys(fm)
    text = "---\n" + dump_yaml(fm) + "---\n\n" + doc.body
    if not text.endswith("\n"):
        text += "\n"
    if doc.quirk == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if doc.quirk == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


# --------------------------------------------------------------------------
# Registry


class Registry:
    def __init__(self, rng: random.Random, n_regions: int):
        self.rng = rng
        self.used: set[str] = set()
        self.entries: list[Entry] = []
        self.by_id: dict[str, Entry] = {}
        self.regions: list[str] = []
        self.delregions: dict[str, list[str]] = {}  # region -> delregions
        self.kommuner_of_del: dict[str, list[str]] = {}
        self.kommuner_of_region: dict[str, list[str]] = {}
        self.kf_of_region: dict[str, list[str]] = {}
        self.orgs_of_region: dict[str, list[str]] = {}  # incl. region-less orgs
        self.arenas_of_region: dict[str, list[str]] = {}
        self.arena_top: dict[str, str] = {}  # region -> politiskt samråd
        self._build(n_regions)

    def unique_id(self, base: str) -> str:
        base = base[:60].strip("-")
        candidate, n = base, 2
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def add(self, typ: str, file: str, base_id: str, **data) -> str:
        id_ = self.unique_id(base_id)
        entry = Entry(id_, typ, {"id": id_, "typ": typ, **data}, file)
        self.entries.append(entry)
        self.by_id[id_] = entry
        return id_

    def get(self, id_: str) -> dict:
        return self.by_id[id_].data

    def name(self, id_: str) -> str:
        return self.by_id[id_].data["namn"]

    def _kommun_name(self, taken: set[str]) -> str:
        rng = self.rng
        while True:
            name = rng.choice(KOMMUN_PREFIX) + rng.choice(KOMMUN_SUFFIX)
            if rng.random() < 0.06:
                name = "Lilla " + name
            name = name[0] + name[1:]
            if name not in taken and slug(name) not in self.used:
                taken.add(name)
                return name

    def _build(self, n_regions: int) -> None:
        rng = self.rng
        national = []
        national.append(
            self.add(
                "organisation",
                "organisationer.yml",
                "nationella-vardradet",
                namn="Nationella vårdrådet",
                kortnamn="NVR",
                beskrivning="Nationellt samverkansorgan utan regional tillhörighet.",
            )
        )
        national.append(
            self.add(
                "organisation",
                "organisationer.yml",
                "omsorgspartner",
                namn="Omsorgspartner Sverige AB",
                beskrivning="Privat vårdgivare med verksamhet i flera regioner.",
            )
        )
        kommun_names: set[str] = set()
        del_names = list(DELREGION_NAMES)
        for r in range(n_regions):
            rname = REGION_NAMES[r] if r < len(REGION_NAMES) else f"Region{r + 1}"
            rfile = f"{slug(rname)}.yml"
            rid = self.add(
                "region",
                rfile,
                slug(rname),
                namn=f"Region {rname}",
                kortnamn=rname,
                beskrivning=f"Region {rname} som huvudman för hälso- och sjukvården.",
            )
            self.regions.append(rid)
            # delregions
            dels = []
            for d in range(4):
                dname = del_names.pop(0) if del_names else f"Område {r + 1}-{d + 1}"
                dels.append(
                    self.add("delregion", rfile, slug(dname), namn=f"Vårdsamverkan {dname}", kortnamn=dname, region=rid)
                )
            self.delregions[rid] = dels
            # kommuner: contiguous blocks per delregion, each delregion ≥ 1
            n_kom = rng.randint(10, 50)
            sizes = [1] * 4
            for _ in range(n_kom - 4):
                sizes[rng.randrange(4)] += 1
            names = [self._kommun_name(kommun_names) for _ in range(n_kom)]
            # kommunalförbund: 3 blocks shifted against the delregion borders
            n_kf = 3
            kfs = [
                self.add(
                    "kommunalförbund",
                    rfile,
                    f"kf-{slug(p)}-{slug(rname)}",
                    namn=f"{p} {rname}s kommunalförbund",
                    region=rid,
                )
                for p in ("Norra", "Mellersta", "Södra")[:n_kf]
            ]
            self.kf_of_region[rid] = kfs
            shift = rng.randint(1, max(1, n_kom // 6))
            kommuner = []
            idx = 0
            for d, size in enumerate(sizes):
                self.kommuner_of_del[dels[d]] = []
                for _ in range(size):
                    name = names[idx]
                    data = {"namn": f"{name} kommun", "region": rid, "delregion": dels[d]}
                    kf_index = ((idx + shift) * n_kf) // n_kom
                    if rng.random() < 0.85:
                        data["kommunalförbund"] = kfs[min(kf_index, n_kf - 1)]
                    kid = self.add("kommun", rfile, slug(name), **data)
                    kommuner.append(kid)
                    self.kommuner_of_del[dels[d]].append(kid)
                    idx += 1
            self.kommuner_of_region[rid] = kommuner
            # organisations
            orgs = list(national)
            orgs.append(
                self.add(
                    "organisation",
                    "organisationer.yml",
                    f"{slug(rname)}-sjukhusen",
                    namn=f"{rname}sjukhusen",
                    region=rid,
                    beskrivning="Sjukhusförvaltning med akutsjukhus och specialistvård.",
                )
            )
            orgs.append(
                self.add(
                    "organisation",
                    "organisationer.yml",
                    f"primarvarden-{slug(rname)}",
                    namn=f"Primärvården Region {rname}",
                    region=rid,
                )
            )
            orgs.append(
                self.add(
                    "organisation",
                    "organisationer.yml",
                    f"habilitering-{slug(rname)}",
                    namn=f"Habilitering & Hälsa {rname}",
                    kortnamn="H&H",
                    region=rid,
                )
            )
            self.orgs_of_region[rid] = orgs
            self._arenas(rid, rname, rfile)

    def _arenas(self, rid: str, rname: str, rfile: str) -> None:
        rng = self.rng
        afile = f"arenor-{slug(rname)}.yml"
        arenas = []
        r = slug(rname)
        top = self.add(
            "arena",
            afile,
            f"{r}-politiskt-samrad",
            namn=f"Politiskt samråd {rname}",
            nivå="regional",
            region=rid,
            form="Politiskt samråd",
        )
        vvg = self.add(
            "arena",
            afile,
            f"{r}-vvg",
            namn=f"Vårdsamverkansgrupp {rname}",
            kortnamn="VVG",
            nivå="regional",
            region=rid,
            rapporterar_till=top,
            form="Styrgrupp",
        )
        sro = self.add(
            "arena",
            afile,
            f"{r}-sro",
            namn=f"Strategiskt regionalt organ {rname}",
            kortnamn="SRO",
            nivå="regional",
            region=rid,
            rapporterar_till=vvg,
        )
        arenas += [top, vvg, sro]
        for topic in rng.sample(["psykisk-halsa", "barn-unga", "aldre", "digitalisering"], 3):
            arenas.append(
                self.add(
                    "arena",
                    afile,
                    f"{r}-ag-{topic}",
                    namn=f"Regional arbetsgrupp för {ARENA_TOPICS[topic]}",
                    nivå="regional",
                    region=rid,
                    rapporterar_till=sro,
                    form="Arbetsgrupp",
                )
            )
        for d in self.delregions[rid]:
            dname = self.get(d)["kortnamn"]
            lg = self.add(
                "arena",
                afile,
                f"{d}-ledningsgrupp",
                namn=f"Delregional ledningsgrupp {dname}",
                nivå="delregional",
                region=rid,
                delregion=d,
                rapporterar_till=sro,
                form="Ledningsgrupp",
            )
            arenas.append(lg)
            for topic in rng.sample(["psykisk-halsa", "barn-unga", "aldre", "hemsjukvard"], 2):
                arenas.append(
                    self.add(
                        "arena",
                        afile,
                        f"{d}-ag-{topic}",
                        namn=f"Arbetsgrupp för {ARENA_TOPICS[topic]} i {dname}",
                        nivå="delregional",
                        region=rid,
                        delregion=d,
                        rapporterar_till=lg,
                    )
                )
            kommuner = list(self.kommuner_of_del[d])
            rng.shuffle(kommuner)
            n_nsg = min(len(kommuner), rng.randint(1, 3))
            groups = [kommuner[i::n_nsg] for i in range(n_nsg)]
            nsgs = []
            for group in groups:
                group = sorted(group, key=kommuner.index)[: rng.randint(1, 4)]
                first = self.get(group[0])["namn"].replace(" kommun", "")
                nsg = self.add(
                    "arena",
                    afile,
                    f"nsg-{slug(first)}",
                    namn=f"Närsjukvårdsgrupp {first}",
                    kortnamn="NSG",
                    nivå="lokal",
                    region=rid,
                    delregion=d,
                    kommuner=group,
                    rapporterar_till=lg,
                    form="Närsjukvårdsgrupp",
                )
                nsgs.append(nsg)
                arenas.append(nsg)
            # a local working group reporting to a local arena in the same delregion
            host = rng.choice(nsgs)
            hk = self.get(host)["kommuner"]
            arenas.append(
                self.add(
                    "arena",
                    afile,
                    f"{host}-ag-sip",
                    namn=f"Lokal SIP-grupp {self.get(host)['namn'].split(' ', 1)[1]}",
                    nivå="lokal",
                    region=rid,
                    delregion=d,
                    kommuner=hk[:1],
                    rapporterar_till=host,
                )
            )
        self.arenas_of_region[rid] = arenas
        self.arena_top[rid] = top

    def arenas_at(self, rid: str, level: str, delregion: str | None = None) -> list[str]:
        out = []
        for a in self.arenas_of_region[rid]:
            data = self.get(a)
            if data["nivå"] != level:
                continue
            if delregion is not None and data.get("delregion") != delregion:
                continue
            out.append(a)
        return out

    def chain(self, arena: str) -> list[str]:
        """The arena and everything it reports to, in order."""
        out = [arena]
        while "rapporterar_till" in self.get(out[-1]):
            out.append(self.get(out[-1])["rapporterar_till"])
        return out

    def scope(self, rid: str, level: str, delregion: str | None, kommuner: list[str]) -> list[str]:
        if level == "regional":
            return list(self.kommuner_of_region[rid])
        if level == "delregional":
            return list(self.kommuner_of_del[delregion])
        return list(kommuner)

    def write(self, folder: Path) -> None:
        files: dict[str, list[dict]] = {}
        for e in self.entries:
            files.setdefault(e.file, []).append(e.data)
        folder.mkdir(parents=True, exist_ok=True)
        for name, items in files.items():
            header = "# Registret (genererat för prestandatester)\n"
            (folder / name).write_text(header + dump_yaml(items), encoding="utf-8")


# --------------------------------------------------------------------------
# Documents


class Corpus:
    def __init__(self, rng: random.Random, reg: Registry, n_docs: int, plain: bool):
        self.rng = rng
        self.reg = reg
        self.plain = plain
        self.docs: list[Doc] = []
        # the same documents by (typ, region) and bilagor by parent, in creation order:
        # scanning all documents for each new one made 63,000 documents take an hour
        self.docs_of: dict[tuple[str, str], list[Doc]] = {}
        self.bilagor_of: dict[str, list[Doc]] = {}
        self.by_id: dict[str, Doc] = {}
        n_avtal = max(1, round(n_docs * 0.35))
        n_bilaga = round(n_docs * 0.25)
        n_upp = round(n_docs * 0.10)
        rest = n_docs - n_avtal
        n_bilaga = min(n_bilaga, rest)
        n_upp = min(n_upp, rest - n_bilaga)
        n_mote = rest - n_bilaga - n_upp
        for _ in range(n_avtal):
            self._avtal()
        avtal = list(self.docs)
        for _ in range(n_bilaga):
            self._bilaga(rng.choice(avtal))
        for _ in range(n_upp):
            self._uppdrag()
        for _ in range(n_mote):
            self._mote()
        self._cross_references()
        self._arena_uppdrag()
        for doc in self.docs:
            doc.body = self._body(doc)
        if not plain:
            for doc in self.docs:
                x = rng.random()
                doc.quirk = "crlf" if x < 0.01 else "bom" if x < 0.015 else "nfd" if x < 0.02 else None

    # -- helpers ----------------------------------------------------------

    def add(self, doc: Doc) -> Doc:
        assert doc.id not in self.by_id  # ids come from Registry.unique_id
        self._index(doc)
        return doc

    def _index(self, doc: Doc) -> None:
        self.docs.append(doc)
        self.by_id[doc.id] = doc
        self.docs_of.setdefault((doc.typ, doc.region), []).append(doc)
        if doc.typ == "bilaga":
            self.bilagor_of.setdefault(doc.fm["bilaga_till"], []).append(doc)

    def unique(self, base: str) -> str:
        return self.reg.unique_id(base)

    def level_place(self, rid: str | None = None) -> tuple[str, str, str | None, list[str]]:
        rng = self.rng
        rid = rid or rng.choice(self.reg.regions)
        level = rng.choices(LEVELS, weights=[45, 35, 20])[0]
        d = None
        kommuner: list[str] = []
        if level != "regional":
            d = rng.choice(self.reg.delregions[rid])
        if level == "lokal":
            pool = self.reg.kommuner_of_del[d]
            kommuner = rng.sample(pool, rng.randint(1, min(3, len(pool))))
        return rid, level, d, kommuner

    def lifecycle(self, fm: dict, status: str) -> tuple[dt.date | None, dt.date | None]:
        """Write the lifecycle dates for ``status``; returns (fastställd, upphävd)."""
        rng = self.rng
        fm["status"] = status
        fast = upph = None
        if status in ("fastställd", "upphävd"):
            fast = rand_date(rng, PAST_MIN, PAST_MAX - dt.timedelta(days=400))
            fm["fastställd"] = fast
            fm["giltig_från"] = clamp(fast + days(rng, 0, 90))
            if rng.random() < 0.3:
                fm["giltig_till"] = fm["giltig_från"] + days(rng, 700, 1500)
            if status == "upphävd":
                upph = clamp(fast + days(rng, 300, 1500))
                fm["upphävd"] = upph
            if rng.random() < 0.6:
                fm["fastställd_av"] = rng.choice(
                    [
                        "Vårdsamverkansgrupp (VVG)",
                        "Regionstyrelsen och kommunstyrelserna",
                        "Delregional politisk samrådsgrupp",
                        "Respektive parts nämnd",
                    ]
                )
        if status != "upphävd" and rng.random() < 0.7:
            fm["revideras"] = rand_date(rng, FUTURE_MIN, FUTURE_MAX)
        return fast, upph

    def pick_tags(self, topic_tag: str) -> list[str]:
        tags = [topic_tag]
        if self.rng.random() < 0.4:
            extra = self.rng.choice(EXTRA_TAGS)
            if extra not in tags:
                tags.append(extra)
        return tags

    # -- avtal ----------------------------------------------------------------

    def _avtal(self) -> None:
        rng, reg = self.rng, self.reg
        rid, level, d, kommuner = self.level_place()
        topic = rng.choice(TOPICS)
        public = rng.random() >= 0.07
        status = rng.choices(["utkast", "remiss", "fastställd", "upphävd"], [12, 10, 65, 13])[0]
        where = {
            "regional": reg.get(rid)["kortnamn"],
            "delregional": reg.get(d)["kortnamn"] if d else "",
            "lokal": " och ".join(reg.name(k).replace(" kommun", "") for k in kommuner),
        }[level]
        fm: dict = {"id": "", "typ": "avtal", "titel": f"{rng.choice(AVTAL_KINDS[level])} {topic[1]} – {where}"}
        add_place(fm, public, level, rid, d, kommuner)
        fm["parter"] = self._parter(rid, level, d, kommuner)
        owners = reg.arenas_at(rid, level, d if level != "regional" else None)
        if level == "lokal":
            owners = [a for a in owners if set(kommuner) & set(reg.get(a)["kommuner"])] or owners
        fm["dokumentägare"] = rng.choice(owners)
        fast, _ = self.lifecycle(fm, status)
        year = fast.year if fast else rng.randint(2024, 2025)
        place = kommuner[0] if kommuner else (d or rid)
        id_ = fm["id"] = self.unique(f"{topic[0]}-{place[:30].strip('-')}-{year}")
        if rng.random() < 0.5:
            fm["diarienummer"] = f"{rng.choice(['RS', 'KS', 'VVG'])} {year}-{rng.randint(1, 9999):05d}"
        if rng.random() < 0.4:
            fm["version"] = rng.choice(["1.0", "2.0", "Remissversion", "3.1", "1.10"])
        doc = Doc(id_, "avtal", rid, public, fm, delregion=d, nivå=level)
        doc.scope_kommuner = reg.scope(rid, level, d, kommuner)
        # tillämpar: a higher level avtal of the same region
        if level != "regional" and rng.random() < 0.5:
            cands = [
                o
                for o in self.docs_of.get(("avtal", rid), [])
                if o.typ == "avtal"
                and o.region == rid
                and rank(o.nivå) > rank(level)
                and (o.public or not public)
                and (o.nivå == "regional" or o.delregion == d)
            ]
            if cands:
                fm["tillämpar"] = rng.choice(cands).id
        # ersätter: earlier avtal at the same place, preferably upphävd
        if status in ("fastställd", "remiss") and rng.random() < 0.25:
            cands = [
                o
                for o in self.docs_of.get(("avtal", rid), [])
                if o.typ == "avtal"
                and o.region == rid
                and o.nivå == level
                and o.delregion == d
                and (o.public or not public)
                and not getattr(o, "_superseded", False)
            ]
            cands.sort(key=lambda o: o.fm["status"] != "upphävd")
            if cands:
                target = cands[0] if rng.random() < 0.7 else rng.choice(cands)
                target._superseded = True  # type: ignore[attr-defined]
                fm["ersätter"] = [target.id]
        if status in ("fastställd", "remiss", "upphävd") and rng.random() < 0.6:
            fm["beslutsprocess"] = self._beslutsprocess(rid, level, d, fast)
        if fast and rng.random() < 0.6:
            fm["antagande"] = self._antagande(fm["parter"], doc.scope_kommuner, fast)
        fm["ämnen"] = self.pick_tags(topic[2])
        heads = rng.sample(AVTAL_HEADINGS, rng.randint(4, 7))
        structure = [(2, h) for h in heads]
        if rng.random() < 0.3:
            structure.insert(rng.randint(1, len(structure)), (3, "Ansvar och roller"))
        doc.set_headings(structure)
        doc.path = self._folder(rid, level, d) + f"/avtal/{self._filename(id_)}.md"
        if not self.plain and rng.random() < 0.03:
            doc.attachment = doc.path.rsplit("/", 1)[0] + f"/{id_}-original.pdf"
        self.add(doc)

    def _filename(self, id_: str) -> str:
        # file names are free: most follow the id, some do not
        if self.rng.random() < 0.1:
            return id_.replace("-", "_")
        return id_

    def _folder(self, rid: str, level: str, d: str | None) -> str:
        if level == "regional":
            return f"{rid}/regionalt"
        if level == "delregional":
            return f"{rid}/{d}"
        return f"{rid}/{d}/lokalt"

    def _parter(self, rid, level, d, kommuner) -> list[str]:
        rng, reg = self.rng, self.reg
        parter = [rid]
        if level == "regional":
            parter += rng.sample(reg.kf_of_region[rid], rng.randint(0, 3))
        elif level == "delregional":
            if rng.random() < 0.5:
                parter.append(d)
            else:
                pool = reg.kommuner_of_del[d]
                parter += rng.sample(pool, rng.randint(1, len(pool)))
        else:
            parter += kommuner
        if rng.random() < 0.25:
            org = rng.choice(reg.orgs_of_region[rid])
            if org not in parter:
                parter.append(org)
        return parter

    def _beslutsprocess(self, rid, level, d, fast) -> list[dict]:
        rng, reg = self.rng, self.reg
        start = (fast - days(rng, 150, 300)) if fast else rand_date(rng, dt.date(2025, 1, 1), PAST_MAX)
        steps = []
        cur = start
        arenas = reg.arenas_of_region[rid]
        for name in BESLUTSSTEG[rng.randint(0, 2) :]:
            step = {"steg": name, "från": cur}
            if rng.random() < 0.6:
                step["till"] = cur + days(rng, 0, 45)
            if rng.random() < 0.5:
                step["arena"] = rng.choice(arenas)
            steps.append(step)
            cur = cur + days(rng, 10, 60)
        return steps

    def _antagande(self, parter, scope, fast) -> list[dict]:
        rng, reg = self.rng, self.reg
        cands = list(dict.fromkeys(list(parter) + list(scope)))
        chosen = [c for c in cands if rng.random() < 0.8][:60]
        out = []
        for part in chosen:
            typ = reg.by_id[part].typ
            item = {"part": part, "datum": clamp(fast + days(rng, 0, 150))}
            if rng.random() < 0.7:
                if typ == "kommun":
                    item["instans"] = rng.choice(KOMMUN_INSTANS)
                elif typ == "region":
                    item["instans"] = rng.choice(REGION_INSTANS)
                else:
                    item["instans"] = "Styrelsen"
            if rng.random() < 0.5:
                item["protokoll"] = f"§ {rng.randint(1, 250)}"
            out.append(item)
        return out

    # -- bilaga -------------------------------------------------------------

    def _bilaga(self, parent: Doc) -> None:
        rng = self.rng
        n = getattr(parent, "_bilagor", 0) + 1
        parent._bilagor = n  # type: ignore[attr-defined]
        id_ = self.unique(f"{parent.id[:50]}-bilaga-{n}")
        public = parent.public and rng.random() >= 0.03
        subject = rng.choice(BILAGA_SUBJECTS)
        fm: dict = {"id": id_, "typ": "bilaga", "titel": f"Bilaga {n}: {subject}"}
        if not public:
            fm["publicering"] = "intern"
        fm["bilaga_till"] = parent.id
        fm["nummer"] = n
        pst = parent.fm["status"]
        if pst in ("fastställd", "upphävd"):
            status = pst if pst == "upphävd" or rng.random() < 0.85 else rng.choice(["utkast", "remiss"])
        else:
            status = rng.choice(["utkast", "remiss"])
        fm["status"] = status
        if status in ("fastställd", "upphävd"):
            fast = clamp(parent.fm["fastställd"] + days(rng, 0, 30))
            if pst == "upphävd":
                fast = min(fast, parent.fm["upphävd"])
            fm["fastställd"] = fast
            fm["giltig_från"] = clamp(max(fast, parent.fm["giltig_från"]))
            if "giltig_till" in parent.fm and rng.random() < 0.5:
                fm["giltig_till"] = parent.fm["giltig_till"]
            if status == "upphävd":
                fm["upphävd"] = parent.fm["upphävd"]
        if status != "upphävd" and rng.random() < 0.4:
            fm["revideras"] = rand_date(rng, FUTURE_MIN, FUTURE_MAX)
        if rng.random() < 0.3:
            fm["version"] = rng.choice(["1.0", "1.1", "2.0"])
        # ersätter: an earlier bilaga of the same parent
        earlier = [
            o
            for o in self.bilagor_of.get(parent.id, [])
            if o.typ == "bilaga" and o.fm["bilaga_till"] == parent.id and (o.public or not public)
        ]
        if earlier and rng.random() < 0.15:
            fm["ersätter"] = [rng.choice(earlier).id]
        if rng.random() < 0.5:
            fm["ämnen"] = list(parent.fm["ämnen"][:1])
        doc = Doc(
            id_,
            "bilaga",
            parent.region,
            public,
            fm,
            delregion=parent.delregion,
            nivå=parent.nivå,
            scope_kommuner=parent.scope_kommuner,
        )
        doc.set_headings([(2, h) for h in rng.sample(BILAGA_HEADINGS, rng.randint(3, 5))])
        folder, name = parent.path.rsplit("/", 1)
        doc.path = f"{folder}/{name[:-3]}-bilaga-{n}.md"
        self.add(doc)

    # -- uppdragshandling -----------------------------------------------------

    def _uppdrag(self) -> None:
        rng, reg = self.rng, self.reg
        rid = rng.choice(reg.regions)
        tagare = rng.choice([a for a in reg.arenas_of_region[rid] if "rapporterar_till" in reg.get(a)])
        chain = reg.chain(tagare)
        givare = rng.choice(chain[1:])
        t = reg.get(tagare)
        level, d = t["nivå"], t.get("delregion")
        kommuner = list(t.get("kommuner", []))
        topic = rng.choice(TOPICS)
        public = rng.random() >= 0.08
        year = rng.randint(2019, 2025)
        id_ = self.unique(f"uppdrag-{topic[0]}-{year}")
        fm: dict = {
            "id": id_,
            "typ": "uppdragshandling",
            "titel": rng.choice(["Uppdragsbeskrivning:", "Projektplan för"]) + f" {topic[1]}",
        }
        add_place(fm, public, level, rid, d, kommuner)
        fm["uppdragsgivare"] = givare
        fm["uppdragstagare"] = tagare
        if rng.random() < 0.4:
            fm["rapporterar_till"] = rng.choice(chain[1:])
        if rng.random() < 0.3:
            fm["dokumentägare"] = givare
        status = rng.choices(["utkast", "remiss", "fastställd", "upphävd"], [15, 10, 65, 10])[0]
        fast, upph = self.lifecycle(fm, status)
        start = fm.get("giltig_från") or dt.date(year, rng.randint(1, 12), 1)
        end = start + days(rng, 300, 1000)
        fm["tidsram"] = {"från": start, "till": end}
        if rng.random() < 0.8:
            fm["aktiviteter"] = self._aktiviteter(start, end)
        fm["ämnen"] = self.pick_tags(topic[2])
        doc = Doc(
            id_,
            "uppdragshandling",
            rid,
            public,
            fm,
            delregion=d,
            nivå=level,
            scope_kommuner=reg.scope(rid, level, d, kommuner),
        )
        doc.set_headings([(2, h) for h in rng.sample(UPPDRAG_HEADINGS, rng.randint(4, 6))])
        doc.path = self._folder(rid, level, d) + f"/uppdrag/{self._filename(id_)}.md"
        self.add(doc)

    def _aktiviteter(self, start: dt.date, end: dt.date) -> list[dict]:
        rng = self.rng
        out = []
        span = max(30, (end - start).days)
        for p, phase in enumerate(PHASES):
            lo = start + dt.timedelta(days=span * p // 3)
            cur = lo
            for name in rng.sample(ACTIVITIES, rng.randint(1, 3)):
                item = {"aktivitet": name, "från": cur}
                if rng.random() < 0.7:
                    item["till"] = cur + days(rng, 7, 60)
                if rng.random() < 0.9:
                    item["fas"] = phase
                out.append(item)
                cur = cur + days(rng, 0, 40)
        return out

    # -- mötesanteckning ------------------------------------------------------

    def _mote(self) -> None:
        rng, reg = self.rng, self.reg
        rid = rng.choice(reg.regions)
        arena = rng.choice(reg.arenas_of_region[rid])
        a = reg.get(arena)
        while True:
            datum = rand_date(rng, dt.date(2019, 1, 1), PAST_MAX)
            id_ = f"{arena[:50]}-{datum.isoformat()}"
            if id_ not in reg.used:
                break
        reg.used.add(id_)
        public = rng.random() >= 0.12
        fm: dict = {"id": id_, "typ": "mötesanteckning", "titel": f"Minnesanteckningar {a['namn']} {datum.isoformat()}"}
        x = rng.random()
        if x < 0.7:
            fm["status"] = "justerad"
        elif x < 0.85:
            fm["status"] = "utkast"
        if not public:
            fm["publicering"] = "intern"
        fm["arena"] = arena
        fm["datum"] = datum
        if rng.random() < 0.8:
            h = rng.choice([8, 9, 10, 13])
            fm["tid"] = f"{h:02d}:00-{h + rng.randint(1, 4):02d}:{rng.choice(['00', '30'])}"
        if rng.random() < 0.8:
            fm["mötesform"] = rng.choice(["fysiskt", "digitalt", "hybrid"])
        deltagare = []
        names: set[str] = set()
        orgs = reg.orgs_of_region[rid] + reg.kommuner_of_region[rid][:8] + [rid]
        for _ in range(rng.randint(3, 10)):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name in names:
                continue
            names.add(name)
            item: dict = {"namn": name}
            y = rng.random()
            if y < 0.7:
                item["organisation"] = rng.choice(orgs)
            elif y < 0.85:
                item["organisation"] = rng.choice(["Brukarorganisation", "Patientföreningen", "Länsstyrelsen"])
            if rng.random() < 0.3:
                item["förhindrad"] = rng.random() < 0.4
            deltagare.append(item)
        fm["deltagare"] = deltagare
        if rng.random() < 0.8:
            fm["antecknare"] = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        doc = Doc(
            id_,
            "mötesanteckning",
            rid,
            public,
            fm,
            delregion=a.get("delregion"),
            nivå=a["nivå"],
            scope_kommuner=reg.scope(rid, a["nivå"], a.get("delregion"), a.get("kommuner", [])),
        )
        items = rng.sample(MOTE_ITEMS, rng.randint(2, 5))
        structure = [(2, "Mötets öppnande")]
        for i, item_ in enumerate(items, 1):
            structure.append((2, f"Punkt {i}: {item_}"))
            structure.append((3, "Beslut"))
        structure.append((2, "Nästa möte"))
        doc.set_headings(structure)
        doc._items = items  # type: ignore[attr-defined]
        doc.path = f"{rid}/moten/{arena}/{datum.isoformat()}.md"
        self._index(doc)

    # -- cross references ---------------------------------------------------------

    def _cross_references(self) -> None:
        rng = self.rng
        self.by_region: dict[str, list[Doc]] = {}
        for doc in self.docs:
            self.by_region.setdefault(doc.region, []).append(doc)
        self.public_by_region = {r: [d for d in ds if d.public] for r, ds in self.by_region.items()}
        for doc in self.docs:
            if rng.random() < 0.3:
                rel = self.pick_docs(doc, rng.randint(1, 3))
                if rel:
                    doc.fm["relaterade"] = [d.id for d in rel]
            if doc.typ == "mötesanteckning":
                beh = self.pick_docs(doc, rng.randint(0, 4))
                if beh:
                    doc.fm["behandlade"] = [d.id for d in beh]

    def pick_docs(self, src: Doc, n: int) -> list[Doc]:
        pool = (self.public_by_region if src.public else self.by_region)[src.region]
        out: list[Doc] = []
        for _ in range(n * 3):
            if len(out) >= n or not pool:
                break
            d = self.rng.choice(pool)
            if d is not src and d not in out:
                out.append(d)
        return out

    def _arena_uppdrag(self) -> None:
        by_tagare: dict[str, list[Doc]] = {}
        for doc in self.docs:
            if doc.typ == "uppdragshandling" and doc.public:
                by_tagare.setdefault(doc.fm["uppdragstagare"], []).append(doc)
        for arena, docs in by_tagare.items():
            if self.rng.random() < 0.7:
                self.reg.get(arena)["uppdrag"] = self.rng.choice(docs).id

    # -- body -------------------------------------------------------------------

    def ref(self, src: Doc) -> str:
        """A random resolvable body reference for ``src``."""
        rng, reg = self.rng, self.reg
        x = rng.random()
        if x < 0.25:
            # a registry entry: a kommun in scope, an arena, the region
            cands = src.scope_kommuner[:5] + reg.arenas_of_region[src.region][:6] + [src.region]
            target = rng.choice(cands)
            if rng.random() < 0.5:
                return f"[[{target}]]"
            return f"[[{target}|{reg.name(target)}]]"
        targets = self.pick_docs(src, 1)
        if not targets:
            return f"[[{src.region}]]"
        t = targets[0]
        if x < 0.5:
            return f"[[{t.id}]]"
        if x < 0.65:
            return f"[[{t.id}|{t.fm['titel'].split(':')[0].split('–')[0].strip()}]]"
        anchor, text = rng.choice(t.anchors)
        written = text if text is not None and rng.random() < 0.6 else anchor
        if x < 0.85:
            return f"[[{t.id}#{written}]]"
        return f"[[{t.id}#{written}|avsnittet i {DEFINITE[t.typ]}]]"

    def sentence(self, src: Doc, with_ref: bool = False) -> str:
        rng = self.rng
        templates = [
            lambda: f"{rng.choice(ACTORS)} ansvarar för att {rng.choice(ACTIONS)} inom {rng.choice(TIMES)}.",
            lambda: (
                f"Parterna ska gemensamt verka för att {rng.choice(MALGRUPPER)} får en sammanhållen vård och omsorg."
            ),
            lambda: (
                f"Arbetet utgår från {rng.choice(ABBR_KEYS)} och gällande lagstiftning, "
                f"bland annat {rng.choice(['HSL', 'SoL', 'LSS', 'PSL'])}."
            ),
            lambda: f"För {rng.choice(MALGRUPPER)} gäller att {rng.choice(ACTIONS)}.",
            lambda: (
                f"{rng.choice(ACTORS)} och {rng.choice(ACTORS).lower()} träffas "
                f"{rng.choice(['varje månad', 'en gång per termin', 'vid behov', 'fyra gånger per år'])} "
                "för att stämma av läget."
            ),
            lambda: f"Om oenighet uppstår lyfts frågan till närmaste samverkansnivå inom {rng.choice(TIMES)}.",
            lambda: (
                f"Uppföljning sker med stöd av "
                f"{rng.choice(['avvikelsestatistik', 'brukarenkäter', 'journalgranskning', 'nyckeltal från KPP'])} "
                f"och redovisas för {rng.choice(['VVG', 'SRO', 'ledningsgruppen', 'närsjukvårdsgruppen'])}."
            ),
            lambda: f"Den enskildes behov och önskemål ska vara utgångspunkten, och {rng.choice(ACTIONS)}.",
        ]
        s = rng.choice(templates)()
        if with_ref:
            r = self.ref(src)
            s = s[:-1] + rng.choice([f" (se {r}).", f", i enlighet med {r}.", f". Se även {r}."])
        return s

    def paragraph(self, src: Doc, n_refs: int) -> str:
        n = self.rng.randint(2, 4)
        refs_at = set(self.rng.sample(range(n), min(n, n_refs)))
        return " ".join(self.sentence(src, i in refs_at) for i in range(n))

    def table(self, src: Doc) -> str:
        rng = self.rng
        rows = ["| Aktivitet | Ansvarig | Tidpunkt |", "|---|---|---|"]
        for _ in range(rng.randint(2, 4)):
            who = rng.choice(ACTORS)
            if rng.random() < 0.25:
                r = self.ref(src)
                who = r.replace("|", "\\|")
            rows.append(f"| {rng.choice(ACTIONS).capitalize()} | {who} | {rng.choice(TIMES).capitalize()} |")
        return "\n".join(rows)

    def listing(self, src: Doc) -> str:
        rng = self.rng
        items = []
        for action in rng.sample(ACTIONS, rng.randint(3, 5)):
            item = f"- {action.capitalize()}"
            if rng.random() < 0.2:
                item += f" ({self.ref(src)})"
            items.append(item)
        return "\n".join(items)

    def _body(self, doc: Doc) -> str:
        rng = self.rng
        parts = []
        if doc.typ == "mötesanteckning":
            return self._mote_body(doc)
        parts.append(self.paragraph(doc, 1))
        table_at = rng.randrange(len(doc.headings))
        list_at = rng.randrange(len(doc.headings))
        for i, (level, text) in enumerate(doc.headings):
            parts.append("#" * level + " " + text)
            parts.append(self.paragraph(doc, rng.randint(0, 1)))
            if i == list_at:
                parts.append("Parterna åtar sig att:")
                parts.append(self.listing(doc))
            if i == table_at:
                parts.append(self.table(doc))
            if rng.random() < 0.5:
                parts.append(self.paragraph(doc, rng.randint(0, 1)))
        if not self.plain and rng.random() < 0.05:
            parts.append("Hänvisningar skrivs som `[[id]]` eller `[[id#rubrik|text]]` i texten.")
        if not self.plain and rng.random() < 0.02:
            parts.append("```text\nExempel: [[exempel-utan-mal]] är text i ett kodblock.\n```")
        if doc.attachment:
            parts.append(f"Det undertecknade originalet finns som [PDF]({doc.attachment.rsplit('/', 1)[1]}).")
        return "\n\n".join(parts) + "\n"

    def _mote_body(self, doc: Doc) -> str:
        rng = self.rng
        parts = [
            f"## {doc.headings[0][1]}",
            f"Ordföranden hälsade välkommen. Dagordningen fastställdes. {self.sentence(doc, rng.random() < 0.3)}",
        ]
        for i, item in enumerate(doc._items, 1):  # type: ignore[attr-defined]
            parts.append(f"## Punkt {i}: {item}")
            parts.append(self.paragraph(doc, rng.randint(0, 1)))
            if rng.random() < 0.3:
                parts.append(self.listing(doc))
            parts.append("### Beslut")
            parts.append(
                rng.choice(
                    [
                        "Gruppen beslutade att lägga informationen till handlingarna.",
                        "Gruppen beslutade att ge arbetsgruppen i uppdrag att ta fram ett förslag.",
                        f"Gruppen beslutade att återkomma i frågan. {self.sentence(doc, True)}",
                        "Gruppen ställde sig bakom förslaget.",
                    ]
                )
            )
        if rng.random() < 0.4:
            parts.append(self.table(doc))
        parts.append("## Nästa möte")
        parts.append(
            f"Nästa möte hålls {rng.choice(['digitalt', 'i regionhuset', 'i kommunhuset'])} "
            f"enligt fastställd mötesplan."
        )
        return "\n\n".join(parts) + "\n"

    # -- output -------------------------------------------------------------------

    def write(self, agreements: Path) -> None:
        dirs: set[Path] = set()
        for doc in self.docs:
            file = agreements / doc.path
            if file.parent not in dirs:
                file.parent.mkdir(parents=True, exist_ok=True)
                dirs.add(file.parent)
            file.write_bytes(render(doc))
            if doc.attachment:
                (agreements / doc.attachment).write_bytes(
                    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"
                    b"\xff\xfe binary content, never parsed\n%%EOF\n"
                )
        for rid in self.reg.regions:
            readme = agreements / rid / "README.md"
            if readme.parent.is_dir():
                readme.write_text(
                    f"# Dokument för {self.reg.name(rid)}\n\n"
                    "Den här filen beskriver mappen och är inget dokument (ingen front matter).\n"
                    "Referenser som [[finns-inte]] här kontrolleras inte.\n",
                    encoding="utf-8",
                )


def write_glossary(path: Path) -> None:
    text = "# Ordlista: förkortningar som används i dokumenten\n" + dump_yaml(ABBREVIATIONS)
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Git history

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Generator",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench Generator",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(out: Path, *args: str, when: dt.datetime | None = None) -> None:
    env = dict(os.environ, **GIT_ENV)
    env["HOME"] = str(out)  # ignore the user's global config (hooks, signing)
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S+0100")
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = stamp
    subprocess.run(["git", "-C", str(out), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def make_history(out: Path, corpus: Corpus, commits: int, rng: random.Random) -> None:
    agreements = out / "agreements"
    when = dt.datetime(2024, 1, 8, 9, 0)
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "Importera avtal", when=when)
    docs = [d for d in corpus.docs]
    for i in range(commits):
        when += dt.timedelta(hours=rng.randint(2, 30))
        changed = []
        for doc in rng.sample(docs, min(len(docs), rng.randint(1, 4))):
            action = rng.random()
            if action < 0.08:
                old = doc.path
                folder, name = old.rsplit("/", 1)
                stem = name[:-3]
                new_name = (
                    f"{stem}-r{i}.md" if not re.search(r"-r\d+$", stem) else re.sub(r"-r\d+$", f"-r{i}", stem) + ".md"
                )
                doc.path = f"{folder}/{new_name}"
                git(out, "mv", f"agreements/{old}", f"agreements/{doc.path}")
                changed.append(f"byt namn på {name}")
            elif action < 0.4 and transition(doc, corpus, rng, when.date()):
                changed.append(f"{doc.id}: {doc.fm['status']}")
            else:
                edit_body(doc, corpus, rng)
                changed.append(f"redigera {doc.id}")
            (agreements / doc.path).write_bytes(render(doc))
        git(out, "commit", "-q", "-a", "-m", "; ".join(changed), when=when)


def transition(doc: Doc, corpus: Corpus, rng: random.Random, today: dt.date) -> bool:
    """utkast → remiss → fastställd, keeping every rule. False when not possible."""
    fm = doc.fm
    status = fm.get("status")
    if doc.typ == "mötesanteckning":
        if status == "utkast":
            fm["status"] = "justerad"
            return True
        return False
    if status == "utkast":
        fm["status"] = "remiss"
        return True
    if status != "remiss":
        return False
    if doc.typ == "bilaga":
        parent = corpus.by_id[fm["bilaga_till"]]
        if parent.fm["status"] == "upphävd":
            return False
    fast = clamp(min(today, PAST_MAX))
    fm["status"] = "fastställd"
    fm["fastställd"] = fast
    fm["giltig_från"] = clamp(fast + days(rng, 0, 30))
    if doc.typ == "bilaga":
        fm.pop("giltig_till", None)
    elif "giltig_till" in fm and fm["giltig_till"] < fm["giltig_från"]:
        del fm["giltig_till"]
    fm["revideras"] = rand_date(rng, FUTURE_MIN, FUTURE_MAX)
    return True


def edit_body(doc: Doc, corpus: Corpus, rng: random.Random) -> None:
    addition = corpus.sentence(doc, with_ref=rng.random() < 0.3)
    lines = doc.body.rstrip("\n").split("\n")
    # append to a random prose paragraph (not a heading, list or table line)
    prose = [i for i, ln in enumerate(lines) if ln and ln[0] not in "#-|`" and not ln.startswith("Parterna åtar")]
    if prose and rng.random() < 0.7:
        i = rng.choice(prose)
        lines[i] = lines[i] + " " + addition
    else:
        lines += ["", addition]
    doc.body = "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="target folder (gets agreements/)")
    parser.add_argument("--documents", type=int, default=3000, help="number of documents (default 3000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--regions", type=int, default=3, help="number of regions (default 3)")
    parser.add_argument(
        "--git-commits", type=int, default=0, metavar="K", help="make OUT a git repository with K commits of edits"
    )
    parser.add_argument(
        "--plain", action="store_true", help="no CRLF/BOM/NFD files, attachments or code-span references"
    )
    parser.add_argument(
        "--force", action="store_true", help="write into a non-empty OUT (replaces OUT/agreements and OUT/.git)"
    )
    args = parser.parse_args(argv)
    if args.documents < 1 or args.regions < 1 or args.git_commits < 0:
        parser.error("--documents and --regions must be ≥ 1, --git-commits ≥ 0")

    out: Path = args.out
    if out.exists() and not out.is_dir():
        parser.error(f"{out} is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not args.force:
            print(f"error: {out} is not empty; use --force to replace its agreements/ (and .git/)", file=sys.stderr)
            return 2
        ours = (out / ".bench-corpus").exists()
        if (out / "pyproject.toml").exists() or (
            not ours and ((out / ".git").exists() or (out / "agreements").exists())
        ):
            print(f"error: {out} does not look like a generated corpus; refusing to overwrite", file=sys.stderr)
            return 2
        for name in ("agreements", ".git"):
            if (out / name).is_dir():
                shutil.rmtree(out / name)

    started = time.perf_counter()
    rng = random.Random(args.seed)
    reg = Registry(rng, args.regions)
    corpus = Corpus(rng, reg, args.documents, args.plain)
    agreements = out / "agreements"
    reg.write(agreements / "organisation")
    write_glossary(agreements / "ordlista.yml")
    corpus.write(agreements)
    (out / ".bench-corpus").write_text(
        f"documents={args.documents} seed={args.seed} regions={args.regions} "
        f"git_commits={args.git_commits} plain={args.plain}\n",
        encoding="utf-8",
    )
    if args.git_commits:
        make_history(out, corpus, args.git_commits, rng)
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for doc in corpus.docs:
        counts[doc.typ] = counts.get(doc.typ, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    print(
        f"{out}: {len(corpus.docs)} documents ({summary}), {len(reg.entries)} registry entries"
        f"{f', {args.git_commits} commits' if args.git_commits else ''} in {elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
