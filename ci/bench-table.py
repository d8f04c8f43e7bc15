#!/usr/bin/env python3
"""Condenses criterion's console output into one line per benchmark: the median
time and the median throughputs (criterion prints [low median high])."""
import re
import sys

text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
pat = re.compile(r"^(\S+/\S+)\n\s+time:\s+\[\S+ \S+ (\S+ \S+) \S+ \S+\]\n((?:\s+thrpt:\s+\[.*\]\n)?(?:\s+\[.*\]\n)?)", re.M)
for m in pat.finditer(text):
    medians = [f"{a} {b}" for a, b in re.findall(r"\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", m.group(3))]
    print(f"{m.group(1):<46} {m.group(2):>12}   " + "   ".join(medians))
