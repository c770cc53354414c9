"""Every limit on what landplan reads, stated once, with why. Each is enforced while reading
(a file or a body is read up to its limit and no further) and named in the refusal, so a
planner learns which limit a file broke, and a careless or hostile input costs the reader at
most the limit."""

from __future__ import annotations

KiB = 1024
MiB = 1024 * KiB

#: A table or a layer (CSV, GeoJSON, GeoPackage, a run's files): the bundled ones are a few MB.
MAX_INPUT_BYTES = 200 * MiB
#: A scenario or a plan pack's manifest (YAML): the bundled ones are 3 KB, and parsing YAML
#: takes about 2 s a MB, so a page that reads one stays quick.
MAX_YAML_BYTES = 1 * MiB
#: How deep a YAML file's mappings and lists nest (a scenario needs 5 levels).
MAX_YAML_DEPTH = 32
#: Any one text in a scenario or a manifest (a description, a note, a name).
MAX_TEXT_CHARS = 10_000
#: Digits of an integer in a scenario, a manifest or a run's KPIs: more than any count or limit
#: needs (Python refuses over 4,300 digits deep inside the parsers, with no file or field).
MAX_INT_DIGITS = 18
#: The most a branch-and-bound node limit can be (HiGHS counts nodes in a 32-bit integer).
MAX_NODE_LIMIT = 2**31 - 1
#: Scenarios in one plan pack: each is checked (a second or two) before any is run.
MAX_PACK_SCENARIOS = 200

#: A file uploaded to the workbench (a layer, a table, a scenario, a zipped run folder).
MAX_UPLOAD_BYTES = 50 * MiB
#: What a zip may unpack to, all members together (a zip bomb is refused before unpacking).
MAX_UNZIPPED_BYTES = 4 * MAX_UPLOAD_BYTES
#: Members of a zip (a run folder holds about 15 files, a zipped Shapefile 4 to 8).
MAX_ZIP_MEMBERS = 1000
#: Request bodies the server reads at most, by what a route takes: a file (an upload form's
#: fields beside it), a form of a scenario's settings, and a form anyone may post (logging in)
#: without an account.
MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * KiB
MAX_FORM_BODY_BYTES = MAX_YAML_BYTES + 64 * KiB
MAX_ANONYMOUS_BODY_BYTES = 64 * KiB


def megabytes(limit: int) -> str:
    """A limit in words: '50 MB', '64 KB'."""
    return f"{limit // MiB} MB" if limit >= MiB else f"{limit // KiB} KB"


def check_int_digits(text: str) -> int:
    """``text`` as an integer, once it has no more than :data:`MAX_INT_DIGITS` digits (for
    ``json.loads(parse_int=...)``); a ValueError naming the limit otherwise."""
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_INT_DIGITS:
        raise ValueError(
            f"an integer of {digits} digits: longer than the {MAX_INT_DIGITS} digits landplan reads"
        )
    return int(text)
