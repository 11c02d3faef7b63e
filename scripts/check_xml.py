"""Check that every XML file of the addon is well formed (OCA check-xml)."""

import pathlib
import sys

from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parent.parent / "complaint_management"


def main():
    errors = 0
    files = sorted(ROOT.rglob("*.xml"))
    for path in files:
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            errors += 1
            print(f"{path.relative_to(ROOT.parent)}: {exc}")
    print(f"{len(files)} XML files checked, {errors} malformed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
