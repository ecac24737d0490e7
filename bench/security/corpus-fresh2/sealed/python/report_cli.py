#!/usr/bin/env python3
"""Build a sales report from a shared rules file downloaded from the team bucket."""
import argparse
import ast
import json
import sys
import urllib.request

RULES_URL = "https://storage.example.com/team-reports/rules.json"


def fetch_rules():
    with urllib.request.urlopen(RULES_URL) as fh:
        return json.load(fh)


def apply_rule(rule, row):
    expression = rule["when"]
    return eval(expression, {}, {"row": row})


def parse_threshold(raw):
    return ast.literal_eval(raw)


def load_rows(path):
    with open(path) as fh:
        return [json.loads(line) for line in fh]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("rows")
    ap.add_argument("--threshold", default="100")
    ap.add_argument("--formula", default="row['amount'] * 1.2")
    args = ap.parse_args(argv)
    rules = fetch_rules()
    limit = parse_threshold(args.threshold)
    for row in load_rows(args.rows):
        if any(apply_rule(r, row) for r in rules):
            print(json.dumps(row))
        hook = rules[0].get("post") if rules else None
        if hook:
            exec(compile(hook, "<rules>", "exec"), {"row": row})
        if row.get("amount", 0) > limit:
            print("over limit", file=sys.stderr)


if __name__ == "__main__":
    main()
