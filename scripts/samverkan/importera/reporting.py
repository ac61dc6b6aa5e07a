"""What ``samverkan import`` tells the editor: where the document went, what
came from Word, what to fill in before validation passes, and what the
conversion could not keep."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..finding import Finding, Severity
from ..model import Repository
from .header import ORDER
from .tree import short
from .word import Package

# What each key needs, in the editor's words; the validator only says it is missing.
HINTS = {
    "nivå": "regional, delregional eller lokal",
    "region": "id på regionen avtalet gäller i",
    "delregion": "id på delregionen",
    "kommuner": "id på kommunerna avtalet gäller för",
    "parter": "id på dem som skriver under, t.ex. regionen och kommunerna (minst en)",
    "dokumentägare": "id på arenan som förvaltar avtalet",
    "bilaga_till": "id på avtalet som bilagan hör till",
    "nummer": "bilagans nummer, ett heltal från 1",
    "fastställd": "datum då beslutet fattades (ÅÅÅÅ-MM-DD)",
    "giltig_från": "datum då dokumentet börjar gälla (ÅÅÅÅ-MM-DD)",
    "remiss": "remissen: 'från', 'till' (sista dag att svara) och 'instanser' (vilka som ombeds svara)",
}
_EXAMPLES = {"region": "region", "delregion": "delregion", "dokumentägare": "arena", "bilaga_till": "avtal"}
# Filled in by registry lookups when the command is run again with --arena.
_FROM_ARENA = ("nivå", "region", "parter", "dokumentägare")


@dataclass
class Report:
    """The outcome of one import, as the lines the command prints."""

    source: str
    path: str
    images: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)
    fill_in: list[str] = field(default_factory=list)
    fix: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tip: str | None = None

    @property
    def complete(self) -> bool:
        """Whether the written document passes validation as it is."""
        return not self.fill_in and not self.fix

    def lines(self) -> list[str]:
        out = [f"Importerade {self.source} till {self.path}"]
        if self.images:
            folder = self.images[0].rsplit("/", 1)[0]
            out.append(f"Bilder: {len(self.images)} i {folder}/")
        out.append(f"Hämtat ur Word: {', '.join(self.taken) if self.taken else 'inget'}")
        for heading, items in (
            ("Inte med i huvudet", self.held_back),
            ("Fyll i", self.fill_in),
            ("Rätta", self.fix),
            ("Kunde inte konverteras", self.lost),
            ("Att granska", self.notes),
        ):
            if items:
                out.append(f"{heading}:")
                out.extend(f"  - {item}" for item in items)
        if self.tip:
            out.append(self.tip)
        if self.complete:
            out.append("Dokumentet klarar valideringen. Granska texten mot Word-filen och kör 'samverkan validate'.")
        else:
            what = "fyllt i det som står under ”Fyll i”" if self.fill_in else "rättat det som står under ”Rätta”"
            if self.fill_in and self.fix:
                what += " och rättat det under ”Rätta”"
            out.append(
                f"Dokumentet är sparat men klarar inte valideringen förrän du har {what}. "
                "Kör sedan 'samverkan validate'."
            )
        return out


def judge(
    report: Report, repo: Repository, findings: list[Finding], hints: dict[str, str], typ: str, arena_given: bool
) -> None:
    """Sort the validator's findings for the written text into what to fill in and what to fix."""
    for finding in findings:
        if finding.code == "nyckel-saknas" and finding.message.startswith("nyckeln '"):
            key = finding.message.split("'")[1]
            fix = finding.message.split(" — ", 1)[1] if " — " in finding.message else ""
            item = f"{key}: {HINTS.get(key, fix)}"
            if fix and not fix.startswith("lägg till"):
                item += f" — {fix}"
            example = _example(repo, key)
            if example:
                item += f" ({example})"
            if key in hints:
                item += f"; {hints[key]}"
            report.fill_in.append(item)
        elif finding.severity == Severity.ERROR:
            report.fix.append(f"rad {finding.line}: {finding.message}")
        else:
            report.notes.append(f"rad {finding.line}: varning: {finding.message}")
    report.fill_in.sort(key=lambda item: _rank(item.split(":", 1)[0]))
    missing = {item.split(":", 1)[0] for item in report.fill_in}
    if typ == "avtal" and not arena_given and missing & set(_FROM_ARENA):
        report.tip = (
            "Tips: kör kommandot igen med --arena ID --force, så fylls nivå, region, parter och "
            "dokumentägare i från registret."
        )


def _rank(key: str) -> int:
    return ORDER.index(key) if key in ORDER else len(ORDER)


def _example(repo: Repository, key: str) -> str:
    typ = _EXAMPLES.get(key)
    if typ is None:
        return ""
    found = [n.id for n in repo.of_type(typ) if n.id]
    if not found:
        return ""
    shown = ", ".join(found[:4])
    return f"t.ex. {shown}{' …' if len(found) > 4 else ''}"


def lost(package: Package, markdown: str, tables: list[str], kinds: set[str]) -> list[str]:
    """What the conversion could not keep: from the Word file itself (pandoc
    drops these without a word), the tables written as HTML, formulas."""
    found = []
    if package.comments:
        found.append(f"{_count(package.comments, 'kommentar', 'kommentarer')} i marginalen togs inte med")
    if package.insertions or package.deletions:
        found.append(
            f"spårade ändringar ({_count(package.insertions, 'infogning', 'infogningar')} och "
            f"{_count(package.deletions, 'borttagning', 'borttagningar')}) godkändes — texten är som om "
            "alla ändringar accepterats; granska den mot Word-filen"
        )
    plain = " ".join(markdown.split())
    for box in package.text_boxes:
        if box and box not in plain:
            found.append(f"textrutan ”{short(box)}” kom inte med — skriv in texten där den ska stå")
    if package.objects:
        found.append(
            f"{_count(package.objects, 'inbäddat objekt', 'inbäddade objekt')} (t.ex. Excel- eller Visio-filer) "
            "kunde inte läsas — lägg originalfilen bredvid dokumentet och länka till den"
        )
    if package.charts or package.diagrams:
        found.append(
            f"{package.charts + package.diagrams} diagram (Word-diagram eller SmartArt) kom inte med — "
            "lägg in en bild av dem i stället"
        )
    found += [f"{table} och skrevs som HTML-tabell — kontrollera den" for table in tables]
    if "Math" in kinds:
        found.append("formler skrevs som vanlig text med upphöjda tecken — kontrollera dem")
    return found


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
