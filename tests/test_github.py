"""The GitHub side: workflows, issue form, pull-request template and pre-commit hooks.

The workflow files are checked against GitHub's schema (vendored by
check-jsonschema, so offline) and against the project's security policy:
pinned actions, least privilege, and no untrusted code or data where a
token can write.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from samverkan.cli import build_parser

from .conftest import REPO_ROOT

GITHUB = REPO_ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
NAMES = [p.name for p in WORKFLOWS]
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    # PyYAML reads the key `on` as the boolean true (YAML 1.1)
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else dict(on)


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def _runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in _steps(workflow))


def _workflow(name: str) -> dict:
    return _load(GITHUB / "workflows" / name)


def _check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


# --- schemas -------------------------------------------------------------------


def test_workflows_follow_githubs_schema():
    assert NAMES == ["ci.yml", "pages.yml", "pr-forhandsvisning.yml", "pr-kommentar.yml"]
    proc = _check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz: []\n", encoding="utf-8")
    assert _check_jsonschema("vendor.github-workflows", broken).returncode == 1


def test_issue_form_and_config_follow_githubs_schemas():
    form = GITHUB / "ISSUE_TEMPLATE" / "andringsforslag.yml"
    proc = _check_jsonschema("vendor.github-issue-forms", form)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _check_jsonschema("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- policy: pinned, least privilege, nothing untrusted where a token can write ---


@pytest.mark.parametrize("path", WORKFLOWS, ids=NAMES)
def test_every_action_is_pinned_by_commit_with_its_version(path: Path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines
    for line in lines:
        assert PINNED.match(line), f"not pinned by a 40-hex SHA with '# vX.Y.Z': {line.strip()}"
    workflow = _load(path)
    uses = [step["uses"] for step in _steps(workflow) if "uses" in step]
    assert len(uses) == len(lines)


def test_one_action_one_pin_across_workflows():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match[1], set()).add((match[2], match[3]))
    assert {action for action, found in pins.items() if len(found) > 1} == set()
    assert pins["actions/checkout"] == {("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2")}


def test_containers_are_pinned_by_digest():
    for path in WORKFLOWS:
        for job in _load(path)["jobs"].values():
            if "container" in job:
                image = job["container"]["image"] if isinstance(job["container"], dict) else job["container"]
                assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", image), image


@pytest.mark.parametrize("path", WORKFLOWS, ids=NAMES)
def test_least_privilege(path: Path):
    workflow = _load(path)
    assert "permissions" in workflow, "top-level permissions: missing"
    top = workflow["permissions"]
    assert isinstance(top, dict), "no read-all/write-all at the top"
    assert all(level in ("read", "none") for level in top.values()), "write grants belong on the job"
    untrusted = "pull_request" in _triggers(workflow)
    for job in workflow["jobs"].values():
        grants = job.get("permissions", {})
        assert grants != "write-all" and isinstance(grants, dict)
        if untrusted:
            assert all(level != "write" for level in grants.values()), "pull_request code gets no write token"


@pytest.mark.parametrize("path", WORKFLOWS, ids=NAMES)
def test_no_pull_request_target(path: Path):
    assert "pull_request_target" not in _triggers(_load(path))
    code = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in code if "pull_request_target" in line]


@pytest.mark.parametrize("path", WORKFLOWS, ids=NAMES)
def test_expressions_reach_scripts_only_through_env(path: Path):
    """``${{ }}`` inside ``run:`` is pasted into the shell before it runs: injection."""
    for step in _steps(_load(path)):
        assert "${{" not in step.get("run", ""), step.get("name")
        assert "${{" not in step.get("with", {}).get("script", ""), step.get("name")


@pytest.mark.parametrize("path", WORKFLOWS, ids=NAMES)
def test_checkouts_keep_no_credentials_and_site_builds_get_full_history(path: Path):
    workflow = _load(path)
    checkouts = [s for s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout@")]
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False
    builds_site = re.search(r"mkdocs build|make site|\.ci/run", _runs(workflow))
    if builds_site:
        assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts)


@pytest.mark.parametrize("name", ["pages.yml", "pr-forhandsvisning.yml"])
def test_site_builds_restore_and_save_the_export_cache_keyed_by_content(name: str):
    """A rebuild where nothing changed finds every download in the cache; any
    change restores the newest cache (restore-keys) and converts only what changed."""
    steps = list(_steps(_workflow(name)))
    caches = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@")]
    builds = [i for i, s in enumerate(steps) if re.search(r"mkdocs build|make site", s.get("run", ""))]
    assert len(caches) == 1 and builds and caches[0] < builds[0]
    cache = steps[caches[0]]["with"]
    assert cache["path"] == ".cache/samverkan"
    assert cache["key"].startswith("samverkan-export-${{ hashFiles(") and cache["key"].endswith(") }}")
    for part in (
        "agreements/**",
        "scripts/samverkan/templates/exportera/**",
        "scripts/samverkan/exportera/**",
        "scripts/samverkan/**",
        "docs/**",
        "overrides/**",
        "mkdocs.yml",
        "constraints.txt",
    ):
        assert f"'{part}'" in cache["key"]
    assert cache["restore-keys"].split() == ["samverkan-export-"]


def test_comment_workflow_never_checks_out_and_trusts_only_the_run():
    preview, comment = _workflow("pr-forhandsvisning.yml"), _workflow("pr-kommentar.yml")
    assert _triggers(comment) == {"workflow_run": {"workflows": [preview["name"]], "types": ["completed"]}}
    steps = list(_steps(comment))
    assert not [s for s in steps if "checkout" in s.get("uses", "")]
    assert comment["permissions"] == {}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    download = steps[0]
    assert download["uses"].startswith("actions/download-artifact@")
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["with"]["github-token"] == "${{ github.token }}"
    # the comment is matched to the pull request by its head commit, fork or not
    assert 'gh api "repos/$REPO/pulls/$PR_NUMBER" --jq .head.sha' in steps[2]["run"]
    assert "<!-- samverkan-changes -->" in steps[2]["run"]


def test_preview_workflow_has_a_read_only_token_and_hands_over_data_only():
    preview = _workflow("pr-forhandsvisning.yml")
    assert _triggers(preview) == {"pull_request": None}
    assert preview["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in preview["jobs"].values())
    runs = _runs(preview)
    assert 'samverkan changes --base "origin/$GITHUB_BASE_REF" --head HEAD --format markdown' in runs
    uploads = {s["with"]["name"]: s["with"]["path"] for s in _steps(preview) if "upload-artifact" in s.get("uses", "")}
    assert set(uploads) == {"forhandsvisning", "pr-kommentar"}
    # every file the comment workflow reads is written here
    script = _comment_script()
    for name in re.findall(r'read\("([\w.-]+)"', script):
        assert f'"$out/{name}"' in runs or f"pr-kommentar/{name}" in runs, name


def test_ci_validates_tests_checks_codeowners_and_builds_in_debian():
    ci = _workflow("ci.yml")
    assert set(_triggers(ci)) == {"pull_request", "push"}
    (job,) = ci["jobs"].values()
    assert "bookworm" in job["container"]["image"]
    runs = _runs(ci)
    for command in (
        'git config --global --add safe.directory "$GITHUB_WORKSPACE"',
        ".venv/bin/samverkan validate --format github",
        ".venv/bin/samverkan codeowners --check",
        "bash .ci/run",
        ".venv/bin/mkdocs build --strict",
    ):
        assert command in runs
    # the commands CI calls exist with these flags
    parser = build_parser()
    assert parser.parse_args(["validate", "--format", "github"]).format == "github"
    assert parser.parse_args(["codeowners", "--check"]).check is True


def test_pages_deploys_main_nightly_and_by_hand():
    pages = _workflow("pages.yml")
    triggers = _triggers(pages)
    assert triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"] and "workflow_dispatch" in triggers
    assert pages["concurrency"]["group"] == "pages"
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert build["env"]["SAMVERKAN_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert build["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    used = [s["uses"].split("@")[0] for s in _steps(pages) if "uses" in s]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(used)


# --- the comment script, run on artifacts as a fork could make them ---------------


def _comment_script() -> str:
    run = _workflow("pr-kommentar.yml")["jobs"]["comment"]["steps"][1]["run"]
    match = re.search(r"<<'PYTHON'\n(.*)\nPYTHON\n?$", run, re.S)
    assert match, "the check step runs an inline Python script"
    return match[1]


SHA = "0123456789abcdef0123456789abcdef01234567"


def _artifact(folder: Path, **changed: str | None) -> Path:
    """An artifact as pr-forhandsvisning.yml writes it; ``changed`` replaces (None: leaves out) a file."""
    files = {
        "pr-nummer": "42\n",
        "head-sha": SHA + "\n",
        "andringar.md": "### Ändrade dokument\n\n- hsa-2018\n",
        "forhandsvisning": "success\n",
    }
    aliases = {"pr_nummer": "pr-nummer", "head_sha": "head-sha", "andringar_md": "andringar.md"}
    files.update({aliases.get(key, key): value for key, value in changed.items()})
    folder.mkdir()
    for name, content in files.items():
        if content is not None:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def _comment(tmp_path: Path, artifact: Path, pull_requests: str = "[]") -> tuple[subprocess.CompletedProcess, str, str]:
    body, output = tmp_path / "kommentar.md", tmp_path / "output"
    output.write_text("", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "ARTIFACT_DIR": str(artifact),
        "BODY_FILE": str(body),
        "RUN_URL": "https://github.com/exempelregion/samverkan/actions/runs/7",
        "RUN_HEAD_SHA": SHA,
        "RUN_PULL_REQUESTS": pull_requests,
        "REPO": "exempelregion/samverkan",
        "GITHUB_OUTPUT": str(output),
    }
    proc = subprocess.run(
        [sys.executable, "-c", _comment_script()], env=env, capture_output=True, text=True, check=False
    )
    text = body.read_text(encoding="utf-8") if body.exists() else ""
    return proc, text, output.read_text(encoding="utf-8")


def test_comment_from_a_good_artifact(tmp_path: Path):
    proc, body, output = _comment(tmp_path, _artifact(tmp_path / "a"), '[{"number": 42}]')
    assert proc.returncode == 0, proc.stderr
    assert output == "pr=42\n"
    assert body.startswith("<!-- samverkan-changes -->\n## Vad ändringen gör\n\n### Ändrade dokument\n\n- hsa-2018\n")
    assert "[körningen](https://github.com/exempelregion/samverkan/actions/runs/7)" in body
    assert "`forhandsvisning`" in body


def test_comment_says_when_the_preview_failed(tmp_path: Path):
    proc, body, _ = _comment(tmp_path, _artifact(tmp_path / "a", forhandsvisning="failure\n"))
    assert proc.returncode == 0
    assert "kunde inte byggas" in body and "`forhandsvisning`" not in body


@pytest.mark.parametrize("number", ["42; rm -rf ~", "$(id)", "0", "-1", "", "42 43", "1" * 11])
def test_a_pr_number_that_is_not_a_number_is_refused(tmp_path: Path, number: str):
    proc, body, output = _comment(tmp_path, _artifact(tmp_path / "a", pr_nummer=number))
    assert proc.returncode != 0
    assert "inget nummer" in proc.stderr
    assert (body, output) == ("", "")


def test_a_pr_number_of_another_pull_request_is_refused(tmp_path: Path):
    proc, body, output = _comment(tmp_path, _artifact(tmp_path / "a", pr_nummer="41"), '[{"number": 42}]')
    assert proc.returncode != 0 and (body, output) == ("", "")


def test_an_artifact_from_another_commit_is_refused(tmp_path: Path):
    proc, body, output = _comment(tmp_path, _artifact(tmp_path / "a", head_sha="f" * 40))
    assert proc.returncode != 0 and (body, output) == ("", "")


def test_missing_or_linked_files_are_refused(tmp_path: Path):
    proc, _, output = _comment(tmp_path, _artifact(tmp_path / "a", andringar_md=None))
    assert proc.returncode != 0 and "andringar.md" in proc.stderr and output == ""
    linked = _artifact(tmp_path / "b", pr_nummer=None)
    (linked / "pr-nummer").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_text("42\n", encoding="utf-8")
    assert _comment(tmp_path, linked)[0].returncode != 0


def test_a_huge_summary_is_cut_and_cannot_fake_the_marker(tmp_path: Path):
    summary = "<!-- samverkan-changes -->\n" + "x" * 200_000
    proc, body, _ = _comment(tmp_path, _artifact(tmp_path / "a", andringar_md=summary))
    assert proc.returncode == 0
    assert len(body) < 65_536
    assert body.count("<!-- samverkan-changes -->") == 1
    assert "avkortad" in body


def test_the_summary_is_data_not_code(tmp_path: Path):
    summary = "${{ github.token }} `$(id)` '); import os; os.system('id') #\n"
    proc, body, _ = _comment(tmp_path, _artifact(tmp_path / "a", andringar_md=summary))
    assert proc.returncode == 0
    assert summary.strip() in body
    assert "uid=" not in proc.stdout + proc.stderr


# --- templates and hooks -----------------------------------------------------------


def test_pull_request_template_asks_for_the_decision_and_the_checks():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for heading in ("## Vad ändras?", "## Vem har beslutat – eller ska besluta?"):
        assert heading in text
    for field in ("**Arena:**", "**Datum för beslutet:**", "**Protokoll eller mötesanteckning:**"):
        assert field in text
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert any("Inga personuppgifter utöver namn i officiella roller" in b for b in boxes)
    assert any("Valideringen går igenom" in b for b in boxes)
    assert any("förhandsvisningen" in b for b in boxes)
    # an HTML comment ends at the first -->: no help text may leak into the page
    assert not re.search(r"<!--(?:(?!-->).)*<!--", text, re.S)


def test_issue_form_asks_what_the_brief_needs():
    form = _load(GITHUB / "ISSUE_TEMPLATE" / "andringsforslag.yml")
    ids = {item["id"] for item in form["body"] if "id" in item}
    assert {"dokument", "andring", "motivering", "forslagsstallare", "bradska"} <= ids
    required = {item["id"] for item in form["body"] if item.get("validations", {}).get("required")}
    assert {"dokument", "andring", "motivering"} <= required


def test_pre_commit_hooks_run_the_validator_on_agreements():
    hooks = {h["id"]: h for h in _load(REPO_ROOT / ".pre-commit-hooks.yaml")}
    local = {h["id"]: h for h in _load(REPO_ROOT / ".pre-commit-config.yaml")["repos"][0]["hooks"]}
    assert _load(REPO_ROOT / ".pre-commit-config.yaml")["repos"][0]["repo"] == "local"
    for table in (hooks, local):
        validate = table["samverkan-validate"]
        assert validate["pass_filenames"] is False
        assert validate["files"] == "^agreements/"
        pattern = re.compile(table["samverkan-codeowners"]["files"])
        assert pattern.search("agreements/organisation/arenor.yml") and pattern.search(".github/CODEOWNERS")
        assert not pattern.search("agreements/avtal/x.md")
    assert hooks["samverkan-validate"]["entry"] == "samverkan validate"
    assert hooks["samverkan-validate"]["language"] == "python"
    # the entry the hook source offers is the console script the package installs
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'samverkan = "samverkan.cli:main"' in pyproject


def test_local_pre_commit_hooks_call_existing_make_targets():
    """The local hooks go through make, which creates .venv on first use."""
    hooks = _load(REPO_ROOT / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    for hook in hooks:
        assert hook["language"] == "unsupported"
        for target in re.findall(r"make --silent ([\w-]+)", hook["entry"]):
            assert re.search(rf"^{target}:", makefile, re.M), target
    assert re.search(r"^validate:.*\n\t\$\(BIN\)/samverkan validate$", makefile, re.M)


def test_the_summary_mentions_no_one_and_links_only_to_github_and_the_site(tmp_path: Path):
    """A fork's summary is posted as the bot: no @-mention notifies anyone, and
    only links to GitHub and the repository's own site stay links (issue 18)."""
    summary = (
        "Hej @octocat och @exempelregion/forvaltare, se [sidan](https://exempelregion.github.io/samverkan/hsa/) "
        "och [PR](https://github.com/exempelregion/samverkan/pull/1), men [vinst](https://evil.example/x) "
        '![spår](https://evil.example/p.png) <img src="https://evil.example/q.png"> '
        '<a href="https://evil.example/">klicka</a> https://evil.example/bar '
        "<details><summary>Detalj</summary>\n\n<ins>ny</ins> <del>gammal</del>\n\n</details>\n"
        "[ref]: https://evil.example/ref\n"
    )
    artifact = _artifact(tmp_path / "a", andringar_md=summary)
    proc, body, _ = _comment(tmp_path, artifact)
    assert proc.returncode == 0, proc.stderr
    assert "@octocat" not in body and "@exempelregion/forvaltare" not in body
    assert "@\u200boctocat" in body
    assert "[sidan](https://exempelregion.github.io/samverkan/hsa/)" in body
    assert "[PR](https://github.com/exempelregion/samverkan/pull/1)" in body
    assert "](https://evil.example" not in body and "<img" not in body and "<a " not in body
    assert "`https://evil.example/bar`" in body
    assert "https://evil.example/ref" not in body
    assert "<details><summary>Detalj</summary>" in body and "<ins>ny</ins> <del>gammal</del>" in body
    assert "vinst" in body and "klicka" in body


def test_the_public_comment_leaves_intern_documents_out():
    runs = "\n".join(s.get("run", "") for s in _steps(_workflow("pr-forhandsvisning.yml")))
    assert "samverkan changes" in runs and "--utan-interna" in runs
