"""What the workbench does, apart from how it is shown: scenarios kept in the store and edited,
checked as the CLI checks them, run as jobs; results found (files in and out of the workbench:
:mod:`landplan.web.files`).

Every operation here calls the library's workflows (the same the CLI calls); the web pages
(:mod:`landplan.web.scenario_pages`, :mod:`landplan.web.result_pages`) only parse requests and
render what these return.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from landplan.errors import InputError
from landplan.i18n import LANGS, N_, said
from landplan.i18n import gettext as _
from landplan.inputs.refusals import refusal
from landplan.inputs.scenario import (
    Scenario,
    bundled_scenarios,
    load_scenario,
    read_yaml,
)
from landplan.limits import MAX_TEXT_CHARS
from landplan.optimisation.diagnostics import Diagnostic
from landplan.web import checks, forms
from landplan.web.accounts import Accounts
from landplan.web.files import Files, criterion_name, scenario_files
from landplan.web.forms import FormErrors
from landplan.web.jobs import JobRunner, JobSettings
from landplan.web.jobspec import JobParams, Kind
from landplan.web.store import (
    Store,
    audit,
    comments,
    is_id,
    jobs,
    new_id,
    now,
    results,
    scenarios,
    uploads,
)
from landplan.web.translated import translated

#: Scenario texts already checked (by hash): running an unchanged scenario does not check it twice.
CHECKED_KEPT = 64


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario as the list shows it: ``key`` is its id, or ``bundled:<name>``."""

    key: str
    name: str
    description: str
    parent: str
    bundled: bool
    last: dict[str, Any] | None


#: Why a scenario naming a plan pack is refused: the workbench plans with its bundled pack, and
#: a name of a folder on the server is no planner's to choose.
PACK_REFUSED = N_(
    "the workbench plans with the bundled plan pack; run a scenario of another pack with the "
    "command line"
)
#: Why a workbench scenario may not extend a file, nor name one that is not the project's.
EXTENDS_REFUSED = N_("a scenario in the workbench extends a bundled scenario, by its name")
FOREIGN_FILE = N_(
    "names a file that is not one of this project's uploads: a scenario in the workbench reads "
    "only the bundled data and the project's uploads (upload the file, then choose it)"
)
#: What the audit trail says when a lock or an exclusion is added or removed.
PLACED = {"locks": N_("locks added"), "exclusions": N_("exclusions added")}
UNPLACED = {"locks": N_("locks removed"), "exclusions": N_("exclusions removed")}


class Workbench:
    """The store, the job runner and the operations over them (one per server)."""

    def __init__(
        self,
        root: str | Path,
        settings: JobSettings = JobSettings(),
        database: str | None = None,
    ) -> None:
        self.store = Store(root, database=database)
        self.folders = self.store.folders
        self.accounts = Accounts(self.store)
        self.jobs = JobRunner(self.store, settings)
        self.files = Files(self.store)
        self._checked: OrderedDict[str, list[Diagnostic]] = OrderedDict()
        self._checking = threading.Lock()  # pages are served from several threads

    # Scenarios ----------------------------------------------------------------------------

    def scenario_list(self, project_id: str) -> list[ScenarioEntry]:
        """The bundled scenarios and the project's, each with its last run in the project."""
        last: dict[str, dict[str, Any]] = {}
        in_project = (results.c.kind == "run", results.c.project_id == project_id)
        for row in self.store.all(results, *in_project, order=results.c.created_at):
            last[row["scenario_id"] or f"bundled:{row['scenario_name']}"] = row
        entries = [
            ScenarioEntry(
                f"bundled:{name}", name, *_bundled(path), True, last.get(f"bundled:{name}")
            )
            for name, path in bundled_scenarios().items()
        ]
        for row in self.store.all(
            scenarios, scenarios.c.project_id == project_id, order=scenarios.c.name
        ):
            entries.append(
                ScenarioEntry(
                    row["id"],
                    row["name"],
                    row["description"],
                    self._parent_name(row["parent"]),
                    False,
                    last.get(row["id"]),
                )
            )
        return entries

    def _parent_name(self, parent: str | None) -> str:
        if parent and is_id(parent):
            row = self.store.one(scenarios, parent)
            return row["name"] if row else _("(deleted)")
        return parent or ""

    def scenario_text(self, key: str) -> str:
        """The scenario's YAML (a bundled one's file, or the planner's as stored)."""
        if key.startswith("bundled:"):
            return self._bundled_path(key).read_text(encoding="utf-8")
        return self._row(key)["yaml"]

    def scenario_file(self, key: str) -> Path:
        """A file of the scenario the library can load (the planner's written from the store,
        under its id)."""
        if key.startswith("bundled:"):
            return self._bundled_path(key)
        row = self._row(key)
        path = self.folders.scenarios / f"{row['id']}.yaml"
        if not path.is_file() or path.read_text(encoding="utf-8") != row["yaml"]:
            from landplan.atomic import write_text_atomically

            write_text_atomically(path, row["yaml"])
        return path

    def load(self, key: str) -> Scenario:
        return load_scenario(self.scenario_file(key))

    def _bundled_path(self, key: str) -> Path:
        shipped = bundled_scenarios()
        name = key.removeprefix("bundled:")
        if name not in shipped:
            raise LookupError(key)
        return shipped[name]

    def _project_of(self, key: str) -> str | None:
        """The project of scenario ``key`` (None: a bundled one's, which names no file)."""
        return None if key.startswith("bundled:") else self._row(key)["project_id"]

    def _row(self, scenario_id: str, project_id: str | None = None) -> dict[str, Any]:
        """The scenario's row (LookupError: none, or not in ``project_id`` when given)."""
        row = self.store.one(scenarios, scenario_id) if is_id(scenario_id) else None
        if row is None or project_id not in (None, row["project_id"]):
            raise LookupError(scenario_id)
        return row

    def create(self, source: str, name: str, who: str, project_id: str) -> str:
        """A new scenario in the project made from ``source`` (a bundled one extends it by
        name; one of the project's own is copied), named ``name``."""
        self._check_name(name, project_id)
        if source.startswith("bundled:"):
            parent_name = source.removeprefix("bundled:")
            self._bundled_path(source)
            document = {
                "name": name,
                "description": _("Derived from %(parent)s.") % {"parent": parent_name},
                "extends": parent_name,
            }
            parent = parent_name
        else:
            document = yaml.safe_load(self._row(source, project_id)["yaml"]) or {}
            document["name"] = name
            parent = source
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        scenario_id = self.store.insert(
            scenarios,
            project_id=project_id,
            name=name,
            description=document.get("description", ""),
            parent=parent,
            yaml=text,
            created_at=now(),
            updated_at=now(),
            who=who,
        )
        self.store.record(
            who, N_("scenario made"), f"scenario:{scenario_id}", project_id, f"{parent} → {name}"
        )
        return scenario_id

    def _check_name(self, name: str, project_id: str, keep: str | None = None) -> None:
        try:
            Scenario.model_validate({"name": name})
        except ValidationError as exc:
            raise FormErrors({"name": said(refusal(exc.errors()[0]))}) from None
        taken = {e.name: e.key for e in self.scenario_list(project_id)}
        if name in taken and taken[name] != keep:
            raise FormErrors(
                {"name": _("a scenario called '%(name)s' exists already") % {"name": name}}
            )

    def rename(self, scenario_id: str, name: str, description: str, who: str) -> None:
        row = self._row(scenario_id)
        self._check_name(name, row["project_id"], keep=scenario_id)
        if len(description) > MAX_TEXT_CHARS:  # as a scenario's file would be refused
            said = _("at most %(most)d characters") % {"most": MAX_TEXT_CHARS}
            raise FormErrors({"description": said})
        document = yaml.safe_load(row["yaml"]) or {}
        document.update(name=name, description=description)
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        self.store.update(
            scenarios, scenario_id, name=name, description=description, yaml=text, updated_at=now()
        )
        self.store.record(
            who, N_("scenario renamed"), f"scenario:{scenario_id}", row["project_id"], name
        )

    def delete(self, scenario_id: str, who: str) -> int:
        """Delete the scenario; its runs stay (named by the scenario's name). How many."""
        row = self._row(scenario_id)
        kept = len(self.store.all(results, results.c.scenario_id == scenario_id))
        self.store.delete(scenarios, scenario_id)
        (self.folders.scenarios / f"{scenario_id}.yaml").unlink(missing_ok=True)
        self.store.record(
            who, N_("scenario deleted"), f"scenario:{scenario_id}", row["project_id"], row["name"]
        )
        return kept

    def import_yaml(self, text: str, who: str, project_id: str) -> str:
        """A scenario file as the CLI reads it, stored in the project as it is (exported again
        byte for byte). Its parent, if any, must be a bundled scenario."""
        values = self._check_text(text, project_id)
        name = str(values.get("name", ""))
        self._check_name(name, project_id)
        parent = values.get("extends")
        scenario_id = self.store.insert(
            scenarios,
            project_id=project_id,
            name=name,
            description=str(values.get("description") or ""),
            parent=str(parent) if parent else None,
            yaml=text,
            created_at=now(),
            updated_at=now(),
            who=who,
        )
        self.store.record(who, N_("scenario imported"), f"scenario:{scenario_id}", project_id, name)
        return scenario_id

    def save_form(self, scenario_id: str, form: dict[str, list[str]], who: str) -> None:
        """The editor's form: checked as the CLI checks a file, stored only if it passes."""
        row = self._row(scenario_id)
        scenario = self.load(scenario_id)
        values = forms.read_form(form, scenario)
        for kind, path in forms.UPLOAD_PATHS.items():
            section, key = path.split(".")
            values[section][key] = self._upload_path(values[section][key], kind, row)
        values["suitability"]["extra"] = self._extra(form, row["project_id"])
        forms.check_form(values, scenario)
        document = yaml.safe_load(row["yaml"]) or {}
        extends = document.get("extends")
        parent = (
            load_scenario(extends).model_dump(mode="json") if extends else _defaults(row["name"])
        )
        text = forms.scenario_yaml(
            row["name"],
            row["description"],
            extends,
            values,
            parent,
            forms.own_placements(row["yaml"]),
        )
        self._store_checked(row, text, who, N_("scenario saved"))

    def _extra(self, form: dict[str, list[str]], project_id: str) -> dict[str, str]:
        """The extra criteria ticked: the project's uploads of criterion tables, by their
        criterion's name."""
        chosen = set(form.get("suitability.extra", []))
        extra = {}
        for row in self.files.uploaded(project_id, "criterion"):
            if row["id"] in chosen:
                extra[criterion_name(row)] = f"../uploads/{row['stored_name']}"
        return extra

    def _upload_path(
        self, upload_id: str | None, kind: str, scenario: dict[str, Any]
    ) -> str | None:
        """The path a scenario names an upload of its project by."""
        if not upload_id:
            return None
        row = self.store.one(uploads, upload_id) if is_id(upload_id) else None
        if row is None or row["kind"] != kind or row["project_id"] != scenario["project_id"]:
            raise FormErrors({forms.UPLOAD_PATHS[kind]: _("no uploaded layer of that id")})
        return f"../uploads/{row['stored_name']}"

    def place(self, scenario_id: str, kind: str, cluster: str, park: str, who: str) -> None:
        """Add a lock (``locks``) or an exclusion (``exclusions``) of ``cluster`` in ``park``."""
        if kind not in forms.PLACEMENTS:
            raise FormErrors({"kind": _("a lock or an exclusion")})
        row = self._row(scenario_id)
        document = yaml.safe_load(row["yaml"]) or {}
        document[kind] = [*(document.get(kind) or []), {"cluster": cluster, "park": park}]
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        self._store_checked(row, text, who, PLACED[kind], f"{cluster} → {park}")

    def unplace(self, scenario_id: str, kind: str, index: int, who: str) -> None:
        """Remove the scenario's own lock or exclusion number ``index``."""
        row = self._row(scenario_id)
        document = yaml.safe_load(row["yaml"]) or {}
        items = list(document.get(kind) or []) if kind in forms.PLACEMENTS else []
        if not 0 <= index < len(items):
            raise FormErrors({kind: _("no such item")})
        removed = items.pop(index)
        if items:
            document[kind] = items
        else:
            document.pop(kind, None)
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        self._store_checked(row, text, who, UNPLACED[kind], str(removed))

    def _store_checked(
        self, row: dict[str, Any], text: str, who: str, action: str, detail: str = ""
    ) -> None:
        """Keep the scenario's new text once it passes the checks (and say who changed it)."""
        self._check_text(text, row["project_id"])
        self.store.update(scenarios, row["id"], yaml=text, updated_at=now())
        self.store.record(who, action, f"scenario:{row['id']}", row["project_id"], detail)

    def _check_text(self, text: str, project_id: str | None = None) -> dict[str, Any]:
        """Check a scenario's text as ``landplan validate`` checks a file (raises FormErrors
        naming the field), :meth:`_refuse_server_files` first (none but ``project_id``'s
        uploads); its values."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in self._checked:  # passed before, word for word (so within the limits)
            values = yaml.safe_load(text) or {}
            self._refuse_server_files(values, project_id)
            return values
        path = self.folders.scenarios / f".check-{new_id()}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            values, _path = read_yaml(path)  # within the limits, each key once, no aliases
            self._refuse_server_files(values, project_id)
            found = checks.check(path)
        except InputError as exc:
            found = checks.Refused(exc.field, exc.problem, exc.where)
        finally:
            path.unlink(missing_ok=True)
        if isinstance(found, checks.Refused):
            # beside its field a problem needs no file or line; alone it keeps its line
            field, where = found.field, found.where
            problem = said(found.problem)  # in the page's language where the catalog has it
            problem = problem if field or not where else f"{where}: {problem}"
            raise FormErrors({field: problem} if field else {}, [] if field else [problem])
        with self._checking:
            self._checked[digest] = found
            while len(self._checked) > CHECKED_KEPT:
                self._checked.popitem(last=False)
        return values

    def _refuse_server_files(self, values: dict[str, Any], project_id: str | None) -> None:
        """A scenario in the workbench (its ``values``) is data, never a way to the server's
        files: its parent must be a bundled scenario and every file it names one of
        ``project_id``'s uploads, so that nothing else is opened, not even to be refused
        (FormErrors naming the field)."""
        parent = values.get("extends")
        if parent is not None and str(parent) not in bundled_scenarios():
            raise FormErrors({"extends": _(EXTENDS_REFUSED)})
        if values.get("pack") is not None:  # no folder of the server's is a user's to name
            raise FormErrors({"pack": _(PACK_REFUSED)})
        own = {
            (self.store.folders.uploads / row["stored_name"]).resolve()
            for row in (self.files.uploaded(project_id) if project_id is not None else [])
        }
        for field, named in scenario_files(values):
            if named is not None and (self.folders.scenarios / str(named)).resolve() not in own:
                raise FormErrors({field: _(FOREIGN_FILE)})

    def check_baseline(self) -> None:
        """Check the bundled baseline now (a server does it as it starts, so that the first
        Run, most often the baseline's, does not wait for it)."""
        self._check_text(self.scenario_text("bundled:baseline"))

    def diagnostics(self, key: str) -> list[Diagnostic]:
        """What ``landplan validate`` says of the scenario beyond its errors (checked once)."""
        text = self.scenario_text(key)
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest not in self._checked:  # checked once: a page shows it without parsing again
            self._check_text(text, self._project_of(key))
        return self._checked.get(digest, [])

    # Jobs -----------------------------------------------------------------------------------

    def submit(self, kind: Kind, key: str, who: str, project_id: str, **params: Any) -> str:
        """Queue a job on scenario ``key`` (checked first: a scenario that does not validate
        never starts a job), in the scenario's project (a bundled one's: ``project_id``)."""
        text = self.scenario_text(key)
        self._check_text(text, self._project_of(key))
        scenario_id = None if key.startswith("bundled:") else key
        if scenario_id is not None:
            project_id = self._row(scenario_id)["project_id"]
        params["yaml"] = text
        return self.jobs.submit(kind, JobParams(**params), scenario_id, who, project_id)

    def rerun(self, result_id: str, who: str) -> str:
        row = self.result(result_id)
        if row["kind"] != "run":
            raise FormErrors({}, [_("only a run can be run again")])
        try:  # kept as the worker wrote it, or checked as it was imported
            resolved = yaml.safe_load(row["resolved_yaml"]) or {}
        except yaml.YAMLError:
            resolved = None
        if not isinstance(resolved, dict):
            raise FormErrors({}, [_("this run's scenario cannot be read: it cannot be run again")])
        self.files.refuse_foreign_files(resolved, row["project_id"])
        return self.jobs.submit(
            "run", JobParams(rerun_of=result_id), row["scenario_id"], who, row["project_id"]
        )

    def compare(self, result_ids: list[str], who: str, project_id: str) -> str:
        """Compare runs of the project (another project's are as if they did not exist)."""
        chosen = [self.result(rid, project_id) for rid in dict.fromkeys(result_ids)]
        if len(chosen) < 2 or any(row["kind"] != "run" for row in chosen):
            raise FormErrors({}, [_("choose two or more runs to compare")])
        params = JobParams(compared=[r["id"] for r in chosen])
        return self.jobs.submit("compare", params, None, who, project_id)

    def keep_point(self, result_id: str, number: int, who: str) -> str:
        """A new scenario in the trade-off's project that keeps its point ``number`` as its
        plan (``tradeoff.plan``: what the point asked), made from the scenario as the trade-off
        ran it, named ``<scenario>-point-<number>`` (with ``-2``, ``-3``… if that is taken)."""
        from landplan.outputs.tradeoff import read_tradeoff

        row = self.result(result_id)
        if row["kind"] != "tradeoff":
            raise FormErrors({}, [_("only a trade-off's point can be kept as a scenario")])
        record = read_tradeoff(self.result_folder(row["id"]))
        point = next((p for p in record["points"] if p["number"] == number), None)
        if point is None or not point["files"]:
            raise FormErrors({}, [_("no such point with a plan")])
        plan = kept_plan(point)
        document = yaml.safe_load(row["resolved_yaml"]) or {}
        if row["scenario_id"] is None:  # a bundled scenario's: extended by name, as create does
            document = {"extends": row["scenario_name"], "tradeoff": document.get("tradeoff", {})}
        base = f"{row['scenario_name']}-point-{number}"
        taken = {e.name for e in self.scenario_list(row["project_id"])}
        name = next(n for n in (base, *(f"{base}-{i}" for i in range(2, 1000))) if n not in taken)
        document["name"] = name
        document["description"] = _(
            "Point %(point)s of the trade-off of %(scenario)s (%(objectives)s), kept as the plan."
        ) % {
            "point": number,
            "scenario": row["scenario_name"],
            "objectives": ", ".join(o["key"] for o in record["objectives"]),
        }
        document["tradeoff"] = {**(document.get("tradeoff") or {}), "plan": plan}
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        self._check_name(name, row["project_id"])
        self._check_text(text, row["project_id"])
        scenario_id = self.store.insert(
            scenarios,
            project_id=row["project_id"],
            name=name,
            description=document["description"],
            parent=row["scenario_id"] or document.get("extends"),
            yaml=text,
            created_at=now(),
            updated_at=now(),
            who=who,
        )
        self.store.record(
            who,
            N_("scenario made"),
            f"scenario:{scenario_id}",
            row["project_id"],
            f"{row['scenario_name']} · {number} → {name}",
        )
        return scenario_id

    def job(self, job_id: str) -> dict[str, Any]:
        row = self.store.one(jobs, job_id) if is_id(job_id) else None
        if row is None:
            raise LookupError(job_id)
        return row

    def project_of(self, kind: str, object_id: str) -> str | None:
        """The project a scenario, job or result belongs to (None: there is no such thing, or
        it is a bundled scenario, which belongs to none)."""
        table = {"scenario": scenarios, "job": jobs, "result": results}[kind]
        row = self.store.one(table, object_id) if is_id(object_id) else None
        return row["project_id"] if row else None

    def trail(self, *targets: str) -> list[dict[str, Any]]:
        """What the audit trail says of these things (``scenario:<id>``, ``job:<id>``…), with
        the results it names (:meth:`with_results`)."""
        return self.with_results(
            self.store.all(audit, audit.c.target.in_(targets), order=audit.c.id)
        )

    def with_results(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Lines of the audit trail, each whose detail is a result's id with that result's row
        as ``result`` (a page names it by its run and time, not by its id)."""
        ids = {line["detail"] for line in lines if is_id(line["detail"] or "")}
        made = {r["id"]: r for r in self.store.all(results, results.c.id.in_(ids))} if ids else {}
        return [{**line, "result": made.get(line["detail"])} for line in lines]

    # Results --------------------------------------------------------------------------------

    def result(self, result_id: str, project_id: str | None = None) -> dict[str, Any]:
        """The result's row (LookupError: none, or not in ``project_id`` when given)."""
        row = self.store.one(results, result_id) if is_id(result_id) else None
        if row is None or project_id not in (None, row["project_id"]):
            raise LookupError(result_id)
        return row

    #: The longest comment kept.
    COMMENT_CHARS = 4000

    def comment(self, result_id: str, text: str, who: str) -> None:
        """Say something of a result (anyone who sees it may)."""
        row = self.result(result_id)
        text = text.strip()
        if not text:
            raise FormErrors({"text": _("write something")})
        if len(text) > self.COMMENT_CHARS:
            raise FormErrors(
                {"text": _("at most %(most)d characters") % {"most": self.COMMENT_CHARS}}
            )
        self.store.insert(comments, result_id=row["id"], who=who, at=now(), text=text)
        self.store.record(
            who, N_("commented"), f"result:{row['id']}", row["project_id"], text[:200]
        )

    def comments_on(self, result_id: str) -> list[dict[str, Any]]:
        return self.store.all(comments, comments.c.result_id == result_id, order=comments.c.at)

    def result_folder(self, result_id: str) -> Path:
        return self.folders.results / self.result(result_id)["id"]

    def result_file(
        self, result_id: str, name: str, lang: str = LANGS[0], viewed: bool = True
    ) -> Path:
        """A file of a result by its path inside the folder: one of the files the folder holds
        (the path is looked up among them, never joined from what was asked); a page of it in
        ``lang`` (``viewed`` in the workbench or downloaded: :func:`~landplan.web.translated.
        translated`)."""
        folder = self.result_folder(result_id)
        held = {
            p.relative_to(folder).as_posix(): p
            for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink()
        }
        if name not in held:
            raise LookupError(name)
        cache = self.folders.cache(result_id)
        return translated(folder, name, lang, cache, viewed) or held[name]


def kept_plan(point: dict[str, Any]) -> dict[str, Any]:
    """The ``tradeoff.plan`` that solves a trade-off record's ``point`` again: what it asked
    (an objective maximised with bounds on others, weights, or a reference point)."""
    if point.get("maximised"):
        return {"maximise": point["maximised"], "bounds": dict(point.get("bounds") or {})}
    if point.get("weights"):
        return {"weights": dict(point["weights"])}
    return {"reference": dict(point.get("reference") or {})}


@functools.cache
def _bundled(path: Path) -> tuple[str, str]:
    """A bundled scenario's description and parent (read once: they ship with landplan)."""
    values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return str(values.get("description") or ""), str(values.get("extends") or "")


def _defaults(name: str) -> dict[str, Any]:
    return Scenario.model_validate({"name": name}).model_dump(mode="json")
