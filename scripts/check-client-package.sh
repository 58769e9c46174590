#!/usr/bin/env bash
# Packs src/Notifications.Client as `dotnet pack` does for a publisher and checks the package says what an app outside
# this repository needs (README.md, "The C# client as a NuGet package"): a real description, authors and tags, the
# API's licence, the README inside, the repository URL the publisher gives, and the API's version (the committed
# OpenAPI document's info.version). ./test.sh runs it as one test so the package cannot rot.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A reserved name (RFC 2606): this checks that the URL a publisher passes reaches the package, and is never published.
repository_url="https://git.example.invalid/notifications.git"
out="$(mktemp -d "${TMPDIR:-/tmp}/notifications-pack.XXXXXX")"
trap 'rm -rf "$out"' EXIT

if ! dotnet pack src/Notifications.Client -c Release -o "$out" -p:RepositoryUrl="$repository_url" >"$out/pack.log" 2>&1; then
    cat "$out/pack.log"
    echo "client package: dotnet pack failed" >&2
    exit 1
fi

python3 - "$out" openapi/notifications-v1.json "$repository_url" <<'PY'
import glob, json, sys, zipfile
import xml.etree.ElementTree as ET

out, document, repository_url = sys.argv[1:4]
packages = glob.glob(f"{out}/Notifications.Client.*.nupkg")
assert len(packages) == 1, f"expected one package, found {packages}"
api_version = json.load(open(document, encoding="utf-8"))["info"]["version"]
problems = []
with zipfile.ZipFile(packages[0]) as package:
    names = package.namelist()
    nuspec = ET.fromstring(package.read(next(n for n in names if n.endswith(".nuspec"))))
    metadata = nuspec.find("{*}metadata")
    def field(name):
        element = metadata.find("{*}" + name)
        return None if element is None else (element.text or "").strip()
    def attribute(name, key):
        element = metadata.find("{*}" + name)
        return None if element is None else element.get(key)
    readme = field("readme")
    checks = [
        ("id", field("id") == "Notifications.Client", field("id")),
        ("version is the API's", field("version") == api_version, f"{field('version')} vs info.version {api_version}"),
        ("description", (field("description") or "") not in ("", "Package Description") and len(field("description")) > 80, field("description")),
        ("authors", field("authors") not in (None, "", "Notifications.Client"), field("authors")),
        ("tags", bool(field("tags")), field("tags")),
        ("licence expression", attribute("license", "type") == "expression" and field("license") == "MIT", field("license")),
        ("readme", readme == "README.md" and readme in names, readme),
        ("repository url", attribute("repository", "url") == repository_url, attribute("repository", "url")),
        ("project url", field("projectUrl") == repository_url, field("projectUrl")),
        ("assembly", "lib/net10.0/Notifications.Client.dll" in names, [n for n in names if n.startswith("lib/")]),
    ]
    if readme in names:
        text = package.read(readme).decode("utf-8")
        for needed in ("AddNotificationsClient", "PreviewEmailOrderAsync", "PostEmailOrderAsync"):
            checks.append((f"README shows {needed}", needed in text, None))
    problems = [f"{name}: {seen!r}" for name, ok, seen in checks if not ok]
if problems:
    print("client package: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"client package: {packages[0].rsplit('/', 1)[-1]} (version {api_version}) has its description, authors, tags, licence, README and repository URL")
PY
