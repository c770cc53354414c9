"""What goes in and out of the workbench as files: a result zipped for download, a run folder the
CLI wrote imported from its zip, and planners' own layers and tables uploaded. Everything is
checked before it is kept (an upload by the CLI's own checks, an imported run whole, as
``landplan compare`` reads one), kept under generated names, and nothing is kept on failure."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import typing
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from landplan.atomic import write_bytes_atomically
from landplan.errors import InputError, LandplanError
from landplan.i18n import LANGS, N_
from landplan.i18n import gettext as _
from landplan.inputs.layers import load_parks
from landplan.inputs.parcels import read_parcels
from landplan.inputs.scenario import load_scenario
from landplan.inputs.yamlfile import read_yaml
from landplan.limits import (
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    MiB,
    megabytes,
)
from landplan.outputs.contract import KPIS_JSON, RESOLVED_YAML
from landplan.outputs.readback import product_file, read_run
from landplan.outputs.runfolder import run_page
from landplan.web.forms import FormErrors
from landplan.web.store import Store, new_id, now, results, uploads
from landplan.web.translated import edition, translated
from landplan.workflows import validate_scenario

#: Zips (their sizes and members: landplan.limits): the longest name of a file or folder in
#: them (as file systems take), and the chunks they are read in.
MOST_NAME_BYTES = 255
ZIP_CHUNK_BYTES = 64 * 1024
#: Uploads: the file types of each kind.
UPLOAD_TYPES = {
    "parks": (".gpkg", ".geojson", ".json", ".zip"),
    "parcels": (".gpkg", ".geojson", ".json", ".zip"),
    "criterion": (".csv",),
    "run": (".zip",),
}
#: What a planner's upload of each kind is (the run folders have a form of their own).
UPLOAD_KINDS = {
    "parks": N_("Park tiers layer"),
    "parcels": N_("Parcel layer"),
    "criterion": N_("Extra criterion table"),
}
#: A zipped Shapefile's parts that must come with its .shp (beside it in the zip).
SHAPEFILE_PARTS = (".shx", ".dbf")
#: The first bytes of each file type (a GeoJSON file starts with JSON's "{").
MAGIC = {".gpkg": b"SQLite format 3\x00", ".zip": b"PK\x03\x04"}
#: An extra criterion's name: a key of the scenario's suitability section.
CRITERION_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class Files:
    """Downloads, imports and uploads over the store ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def result_zip(self, result_id: str, lang: str = LANGS[0]) -> tuple[Path, str]:
        """The result's folder as a zip (inside, a folder named after the scenario), its pages
        in ``lang`` (:mod:`landplan.web.translated`), and the name to save it as. A result
        never changes, so its zip is made once and kept: beside it in English, in its cache in
        another language."""
        row, folder = self.store.one(results, result_id), self.store.folders.results / result_id
        if row is None:
            raise LookupError(result_id)
        top = re.sub(r"[^\w.-]+", "_", row["scenario_name"]) or "run"
        cache = self.store.folders.cache(result_id)
        kept = folder.with_suffix(".zip") if lang == LANGS[0] else cache / edition(lang) / "run.zip"
        if not kept.is_file():
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(folder.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        inside = path.relative_to(folder).as_posix()
                        page = translated(folder, inside, lang, cache, viewed=False)
                        archive.write(page or path, f"{top}/{inside}")
            write_bytes_atomically(kept, buffer.getvalue())
        return kept, f"{top}.zip"

    def import_run(self, data: bytes, who: str, project_id: str) -> str:
        """A run folder the CLI wrote, zipped: checked whole (as ``landplan compare`` reads
        one) and kept as a run of its own in the project, once the files its scenario names
        are the workbench's own (:meth:`refuse_foreign_files`). A problem names the folder's
        files as the zip does, never where the server unpacked it."""
        target = self.store.folders.jobs / f"import-{new_id()}"
        try:
            _unzip(data, target)
            folder = _run_root(target)
            record = read_run(folder)
            run_page(folder)  # and every table its page shows
            resolved, values = "", {}
            if os.path.lexists(folder / RESOLVED_YAML):
                path = product_file(folder, RESOLVED_YAML)
                values = read_yaml(path)[0]
                resolved = path.read_text(encoding="utf-8")
                self.refuse_foreign_files(values, project_id)
            provenance = values.get("provenance")
            provenance = provenance if isinstance(provenance, dict) else {}
            result_id = new_id()
            os.replace(folder, self.store.folders.results / result_id)
            self.store.insert(
                results,
                id=result_id,
                project_id=project_id,
                kind="run",
                job_id=None,
                scenario_id=None,
                scenario_name=record.name,
                status=str(record.kpis.get("status")),
                figures=(self.store.folders.results / result_id / KPIS_JSON).read_text("utf-8"),
                resolved_yaml=resolved,
                data_sha256=json.dumps(provenance.get("data_sha256", {})),
                versions=json.dumps(provenance.get("versions", {})),
                compared="[]",
                source=N_("imported"),
                who=who,
                created_at=now(),
            )
            self.store.record(
                who, N_("run imported"), f"result:{result_id}", project_id, record.name
            )
            return result_id
        except LandplanError as exc:
            if isinstance(exc, FormErrors):
                raise
            raise FormErrors({}, [_as_in_zip(str(exc), target)]) from None
        finally:
            shutil.rmtree(target, ignore_errors=True)

    def refuse_foreign_files(self, resolved: dict[str, Any], project_id: str) -> None:
        """Refuse a run's scenario (its ``scenario.resolved.yaml``'s ``resolved`` values) that
        names a file other than the project's uploads: run again, it would read that file (a
        file of the server's, another project's), and a run in the workbench reads only its
        bundled data and the project's uploads."""
        own = {
            str((self.store.folders.uploads / row["stored_name"]).resolve())
            for row in self.uploaded(project_id)
        }
        for field, named in scenario_files(resolved):
            if named is not None and str(named) not in own:
                raise FormErrors(
                    {},
                    [
                        _(
                            "%(file)s: %(field)s names a file that is not one of this "
                            "project's uploads: a run in the workbench reads only its bundled "
                            "data and the project's uploads"
                        )
                        % {"file": RESOLVED_YAML, "field": field}
                    ],
                )

    def upload(
        self, kind: str, filename: str, data: bytes, who: str, project_id: str, name: str = ""
    ) -> str:
        """Keep a planner's layer or table in the project, under a generated name, once it
        passes the CLI's checks; nothing is kept when it fails (FormErrors lists the
        problems)."""
        suffix = check_upload(kind, filename, data)
        if kind == "criterion" and not CRITERION_NAME.fullmatch(name):
            raise FormErrors(
                {
                    "name": _(
                        "a criterion name: lower-case letters, digits and _, starting with a letter"
                    )
                }
            )
        upload_id = new_id()
        stored = f"{upload_id}{suffix}"
        path = self.store.folders.uploads / stored
        path.write_bytes(data)
        try:
            self._check_upload(kind, path, name)
        except InputError as exc:
            path.unlink(missing_ok=True)
            raise FormErrors({}, [exc.message.replace(str(path), filename)]) from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        original = f"{name}: {filename}" if kind == "criterion" else filename
        self.store.insert(
            uploads,
            id=upload_id,
            project_id=project_id,
            kind=kind,
            original_name=original[:255],
            stored_name=stored,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            who=who,
            created_at=now(),
        )
        self.store.record(who, N_("file uploaded"), f"upload:{upload_id}", project_id, original)
        return upload_id

    def _check_upload(self, kind: str, path: Path, name: str) -> None:
        if kind == "parks":
            load_parks(path)
        elif kind == "parcels":
            read_parcels(path, load_parks(None))
        else:  # a criterion: the baseline weighing it, assembled as a run would be
            base = load_scenario("baseline")
            validate_scenario(base.with_settings({"suitability": {"extra": {name: str(path)}}}))

    def uploaded(self, project_id: str, kind: str | None = None) -> list[dict[str, Any]]:
        """The project's uploads (of one kind)."""
        where = [uploads.c.project_id == project_id]
        if kind:
            where.append(uploads.c.kind == kind)
        return self.store.all(uploads, *where, order=uploads.c.created_at)


def check_upload(kind: str, filename: str, data: bytes) -> str:
    """The upload's file type (its suffix), once its size, name and first bytes agree."""
    if kind not in UPLOAD_TYPES:
        raise FormErrors({"kind": _("parks, parcels, criterion or run")})
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large()
    if not data:
        raise FormErrors({"file": _("the file is empty")})
    suffix = PurePosixPath(filename.lower()).suffix
    if suffix not in UPLOAD_TYPES[kind]:
        types = ", ".join(UPLOAD_TYPES[kind])
        raise FormErrors({"file": _("the file must be one of %(types)s") % {"types": types}})
    magic = MAGIC.get(suffix)
    looks_right = data.startswith(magic) if magic else _is_text(data, json_like=suffix != ".csv")
    if not looks_right:
        raise FormErrors(
            {"file": _("the file's contents are not a %(type)s file") % {"type": suffix}}
        )
    if suffix == ".zip" and kind != "run":
        _check_shapefile_zip(data)
    return suffix


def too_large() -> FormErrors:
    """The refusal of an upload over :data:`MAX_UPLOAD_BYTES`."""
    return FormErrors({"file": _("larger than %(mb)d MB") % {"mb": MAX_UPLOAD_BYTES // MiB}})


def _is_text(data: bytes, json_like: bool) -> bool:
    try:
        text = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return text.lstrip().startswith("{") if json_like else "\x00" not in text


def _unzip(data: bytes, target: Path) -> None:
    """Extract a zip of files only (:func:`_safe_zip`) into ``target``, member by member, each
    read in chunks and checked (its CRC, its size) as it is written, never more than
    :data:`MAX_UNZIPPED_BYTES` in all."""
    archive = _safe_zip(data)
    target.mkdir(parents=True)
    out: typing.BinaryIO | None = None
    try:
        for member, chunk in _chunks(archive):
            if out is None or out.name != str(target / member.filename):
                if out is not None:
                    out.close()
                path = target / member.filename
                path.parent.mkdir(parents=True, exist_ok=True)
                out = path.open("xb")
            out.write(chunk)
    finally:
        if out is not None:
            out.close()


def _chunks(archive: zipfile.ZipFile) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """Every file of the zip read in chunks (first an empty one, so an empty file is one too),
    checked as zipfile checks them (its CRC, its declared size); a zip that is damaged, or
    unpacks to more than :data:`MAX_UNZIPPED_BYTES`, is refused."""
    total = 0
    for member in archive.infolist():
        if member.is_dir():
            continue
        try:
            with archive.open(member) as stream:
                yield member, b""
                while chunk := stream.read(ZIP_CHUNK_BYTES):
                    total += len(chunk)
                    if total > MAX_UNZIPPED_BYTES:
                        raise FormErrors({"file": _("the zip unpacks to too much")})
                    yield member, chunk
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
            # a bad CRC, a member longer or shorter than it says, a method or a password
            # zipfile cannot read
            raise FormErrors(
                {
                    "file": _("the zip is damaged at %(path)s: zip the folder again")
                    % {"path": member.filename}
                }
            ) from None


def _check_shapefile_zip(data: bytes) -> None:
    """A zipped Shapefile, as safe as any zip the workbench takes (:func:`_safe_zip`), holding
    one .shp and its .shx and .dbf beside it (read where it is, never unpacked)."""
    archive = _safe_zip(data)
    for _member in _chunks(archive):  # every part whole and sound, though read in place
        pass
    names = [m.filename for m in archive.infolist() if not m.is_dir()]
    shapes = [n for n in names if n.lower().endswith(".shp")]
    if len(shapes) != 1:
        raise FormErrors(
            {
                "file": _(
                    "a zip must hold one Shapefile (one .shp, with its .shx and .dbf); this one "
                    "holds %(count)d .shp files"
                )
                % {"count": len(shapes)}
            }
        )
    stem = shapes[0][: -len(".shp")].lower()
    missing = [part for part in SHAPEFILE_PARTS if stem + part not in {n.lower() for n in names}]
    if missing:
        raise FormErrors(
            {
                "file": _("the Shapefile in the zip has no %(parts)s beside its .shp")
                % {"parts": ", ".join(missing)}
            }
        )


def _safe_zip(data: bytes) -> zipfile.ZipFile:
    """The zip ``data``, once it is one, of at most :data:`~landplan.limits.MAX_ZIP_MEMBERS`
    files only, each named once by plain names (no links, no absolute paths, no way out of the
    folder it is unpacked in, no file where another is a folder), and saying it unpacks to no
    more than :data:`~landplan.limits.MAX_UNZIPPED_BYTES` (which :func:`_chunks` holds it to
    as it reads)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise FormErrors({"file": _("not a zip file")}) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise FormErrors(
            {
                "file": _("the zip holds more than %(count)d files, the most landplan unpacks")
                % {"count": MAX_ZIP_MEMBERS}
            }
        )
    for member in members:
        is_link = (member.external_attr >> 16) & 0o170000 == 0o120000
        if is_link or not _plain_member_name(member.filename):
            raise FormErrors(
                {
                    "file": _("the zip holds a path landplan will not unpack: %(path)s")
                    % {"path": member.filename}
                }
            )
    files = [m.filename for m in members if not m.is_dir()]
    folders = {str(p) for name in files for p in PurePosixPath(name).parents}
    twice = next((n for n in files if files.count(n) > 1 or n in folders), None)
    if twice is not None:
        raise FormErrors({"file": _("the zip holds %(path)s more than once") % {"path": twice}})
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise FormErrors(
            {
                "file": _("the zip unpacks to more than %(size)s, the most landplan unpacks")
                % {"size": megabytes(MAX_UNZIPPED_BYTES)}
            }
        )
    return archive


def _plain_member_name(name: str) -> bool:
    """Whether a zip member's ``name`` is relative and made of plain names only: none empty,
    ``.`` or ``..``, none with a backslash or a control character, none longer than a file
    system takes."""
    parts = name.removesuffix("/").split("/")
    return all(
        part not in ("", ".", "..")
        and "\\" not in part
        and part.isprintable()
        and len(part.encode("utf-8")) <= MOST_NAME_BYTES
        for part in parts
    )


def scenario_files(values: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Each setting of a scenario's ``values`` that names a file or folder: its field and the
    value (None: the plan pack's)."""
    yield "pack", values.get("pack")
    for section, key in (("data", None), ("suitability", "extra"), ("layout", None)):
        part = values.get(section)
        part = part.get(key) if key and isinstance(part, dict) else part
        if not isinstance(part, dict):
            yield section, part
            continue
        for name, value in part.items():
            if section != "layout" or name == "parcels":
                yield ".".join(p for p in (section, key, str(name)) if p), value


def _as_in_zip(text: str, target: Path) -> str:
    """``text`` naming the files under ``target`` (where a zip was unpacked) as the zip does."""
    for root in dict.fromkeys((str(target.resolve()), str(target))):
        text = text.replace(root + os.sep, "").replace(root, ".")
    return text


def _run_root(target: Path) -> Path:
    """The run folder in an unpacked zip: the top, or its one folder."""
    if (target / KPIS_JSON).is_file():
        return target
    inside = [p for p in target.iterdir() if p.is_dir()]
    if len(inside) == 1 and (inside[0] / KPIS_JSON).is_file():
        return inside[0]
    raise FormErrors(
        {"file": _("no run folder in the zip (no kpis.json at its top or in its one folder)")}
    )


def criterion_name(row: dict[str, Any]) -> str:
    return str(row["original_name"]).split(":", 1)[0]
