"""A run folder zipped as a planner uploads it."""

from __future__ import annotations


def zipped(folder, inside: str = "baseline") -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{inside}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()
