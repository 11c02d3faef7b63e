"""Check that every XML file of the addons is well formed (OCA check-xml).

python scripts/check_xml.py ADDON [ADDON ...]   (folders of the repository)
"""

import pathlib
import sys

from lxml import etree

REPO = pathlib.Path(__file__).resolve().parent.parent


def main(addons):
    unknown = [
        addon for addon in addons if not (REPO / addon / "__manifest__.py").is_file()
    ]
    if unknown:
        print(f"not addons of this repository: {', '.join(unknown)}")
        return 1
    errors = 0
    files = sorted(path for addon in addons for path in (REPO / addon).rglob("*.xml"))
    for path in files:
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            errors += 1
            print(f"{path.relative_to(REPO)}: {exc}")
    print(f"{len(files)} XML files checked in {', '.join(addons)}, {errors} malformed")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
