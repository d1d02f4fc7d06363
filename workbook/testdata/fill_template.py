"""Fill templates the way a township clerk's office suite would: openpyxl opens each
file, types values into cells and saves a copy.

Reads a JSON list of jobs on stdin:
  [{"src": "in.xlsx", "dst": "out.xlsx",
    "cells": [{"sheet": "指标填报", "cell": "H4", "type": "number", "text": "1234.56"}, ...]}]
Types: number (a number typed in a cell: 1234.56 or 12), text, date (2023-09-30,
stored as Excel stores a typed date: a serial number with a date format).
"""
import datetime
import json
import sys

import openpyxl


def typed(kind, text):
    if kind == "number":
        if any(ch in text for ch in ".eE"):
            return float(text)
        return int(text)
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "text":
        return text
    raise ValueError("unknown type " + kind)


def main():
    for job in json.load(sys.stdin):
        wb = openpyxl.load_workbook(job["src"])
        for c in job["cells"]:
            wb[c["sheet"]][c["cell"]].value = typed(c["type"], c["text"])
        wb.save(job["dst"])


if __name__ == "__main__":
    main()
