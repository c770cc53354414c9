"""Fetch the JavaScript and CSS that landplan's maps use from the npm registry, into
landplan/maps/assets/, so saved maps can inline them and work with no network.

For every CDN address the maps refer to (``https://cdn.jsdelivr.net/npm/<package>@<version>/<path>``),
the script downloads the package's tarball from the npm registry, checks it against the
registry's sha512 integrity, and keeps the referenced file, the images its CSS points to and the
package's licence. ``landplan/maps/assets/manifest.json`` records what came from where.

Run: python scripts/vendor_assets.py   (needs the npm registry; the result is committed)
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import posixpath
import re
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "landplan" / "maps" / "assets"
REGISTRY = "https://registry.npmjs.org"

#: The CDN addresses folium and its plugins write into a page, for the parts landplan uses.
CDN_URLS = (
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",
)
CDN = re.compile(
    r"https://cdn\.jsdelivr\.net/npm/(?P<package>[^@/]+)@(?P<version>[^/]+)/(?P<path>.+)"
)
CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:|#)(?P<path>[^'\")]+)['\"]?\s*\)")
LICENCES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "license", "license.md", "license.txt")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def package_tarball(package: str, version: str) -> tuple[tarfile.TarFile, dict]:
    meta = json.loads(fetch(f"{REGISTRY}/{package}/{version}"))
    data = fetch(meta["dist"]["tarball"])
    algorithm, _, expected = meta["dist"]["integrity"].partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"{package}@{version}: tarball does not match the registry's integrity")
    return tarfile.open(fileobj=io.BytesIO(data)), meta


def member(archive: tarfile.TarFile, path: str) -> bytes:
    return archive.extractfile(f"package/{path}").read()


def main() -> None:
    manifest: dict[str, dict] = {}
    tarballs: dict[tuple[str, str], tuple[tarfile.TarFile, dict]] = {}
    for url in CDN_URLS:
        match = CDN.fullmatch(url)
        package, version, path = match["package"], match["version"], match["path"]
        if (package, version) not in tarballs:
            tarballs[package, version] = package_tarball(package, version)
        archive, meta = tarballs[package, version]
        folder = ASSETS / f"{package}@{version}"
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        if f"package/{path}" not in archive.getnames():
            # jsDelivr minifies on the fly: x.min.js may exist only as x.js in the package.
            path = path.replace(".min.", ".")
        content = member(archive, path)
        target = folder / path
        target.write_bytes(content)
        files = [path]
        if path.endswith(".css"):  # the images the stylesheet refers to
            for ref in sorted(set(CSS_URL.findall(content.decode("utf-8")))):
                image = posixpath.normpath(posixpath.join(posixpath.dirname(path), ref))
                (folder / image).parent.mkdir(parents=True, exist_ok=True)
                (folder / image).write_bytes(member(archive, image))
                files.append(image)
        licence = next((name for name in LICENCES if f"package/{name}" in archive.getnames()), None)
        if licence:
            (folder / licence).write_bytes(member(archive, licence))
        manifest[url] = {
            "package": package,
            "version": version,
            "file": f"{package}@{version}/{path}",
            "extra_files": [f"{package}@{version}/{f}" for f in files[1:]],
            "licence": f"{package}@{version}/{licence}" if licence else None,
            "licence_name": meta.get("license"),
            "tarball": meta["dist"]["tarball"],
            "integrity": meta["dist"]["integrity"],
        }
        print(f"{url} -> {manifest[url]['file']} ({len(content):,} bytes)")
    (ASSETS / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
