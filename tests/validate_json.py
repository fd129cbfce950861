"""Validate a JSON document (file or "-" for stdin) against a JSON schema.

Usage: validate_json.py SCHEMA DOCUMENT
Exit 0 when valid; 1 with the first error on stderr otherwise.
"""
import json
import sys

import jsonschema  # Debian: python3-jsonschema


def main():
    schema_path, doc_path = sys.argv[1], sys.argv[2]
    with open(schema_path) as f:
        schema = json.load(f)
    doc = json.load(sys.stdin if doc_path == "-" else open(doc_path))
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as e:
        print(f"{doc_path}: {e.message} at {list(e.absolute_path)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
