"""A repository where a document is sent on remiss, answered, then decided
after edits that rename one of its sections (tests/test_remiss.py,
tests/test_remiss_sidor.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import BASE
from .historik_repo import GitRepo

RUTIN = """---
id: rutin
typ: avtal
titel: Rutin för utskrivning
status: {status}
nivå: regional
region: reg
parter: [reg, ka, kb, kc]
dokumentägare: ledning
{decided}remiss:
  från: 2025-03-01
  till: 2025-04-30
  instanser: [alla kommuner, reg]
  arena: ledning
---
# Rutin för utskrivning

## Syfte

{syfte}

## {ansvar}

{ansvarstext}

## Uppföljning

Uppföljning sker årligen.
"""
ON_REMISS = dict(
    status="remiss",
    decided="",
    syfte="Rutinen beskriver utskrivning.",
    ansvar="Ansvar och roller",
    ansvarstext="Kommunen ansvarar för hemsjukvården.",
)
DECIDED = dict(
    status="fastställd",
    decided="fastställd: 2025-06-01\ngiltig_från: 2025-07-01\n",
    syfte="Rutinen beskriver en trygg och säker utskrivning.",
    ansvar="Ansvar mellan huvudmännen",
    ansvarstext="Kommunen ansvarar för hemsjukvården upp till sjuksköterskenivå.",
)

SVAR_KA = """---
id: svar-rutin-ka
typ: remissvar
titel: Remissvar från A-stad
svar_på: rutin
från: ka
datum: 2025-04-20
ställningstagande: tillstyrker med synpunkter
---

A-stad tillstyrker förslaget.

## Syfte

Syftet bör nämna trygghet.

## Ansvar och roller

Ansvarsgränsen behöver anges.

### Förslag

Skriv ut sjuksköterskenivån.

## Övrigt

Vi vill ha utbildning.

Se [[rutin#uppfoljning]]: uppföljningen bör ske oftare.
"""
SVAR_KB = """---
id: svar-rutin-kb
typ: remissvar
titel: Remissvar från B-by
svar_på: rutin
från: kb
datum: 2025-04-28
ställningstagande: avstyrker
---

## Synpunkter på [[rutin#ansvar-och-roller]]

B-by avstyrker ansvarsfördelningen.
"""


def make(root: Path) -> Path:
    """The base project with 'rutin' sent on remiss, answered by A-stad and B-by,
    then decided with its sections edited and one renamed."""
    shutil.copytree(BASE, root)
    repo = GitRepo(root)
    repo.write("agreements/dokument/rutin.md", RUTIN.format(**ON_REMISS))
    repo.write("agreements/remissvar/svar-rutin-ka.md", SVAR_KA)
    repo.write("agreements/remissvar/svar-rutin-kb.md", SVAR_KB)
    repo.commit("Rutinen på remiss, två svar")
    repo.write("agreements/dokument/rutin.md", RUTIN.format(**DECIDED))
    repo.commit("Rutinen fastställd")
    return root
