#!/usr/bin/python3
"""Prints the peak, in KB, of the summed resident set size of a process and all its
descendants, sampled every 50 ms until the process exits: `time -v` reports only the
largest single process, which undercounts a pool of worker processes. Pages shared
between forked processes are counted in each one (an upper bound)."""

import os
import sys
import time


def tree_rss(root):
    children = {}
    rss = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
            with open("/proc/%s/statm" % name) as f:
                pages = int(f.read().split()[1])
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(name))
        rss[int(name)] = pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") // 1024


def main():
    root = int(sys.argv[1])
    peak = 0
    while os.path.exists("/proc/%d" % root):
        try:
            peak = max(peak, tree_rss(root))
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    print(peak)


if __name__ == "__main__":
    main()
