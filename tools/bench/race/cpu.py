"""CPU time of a process tree, from /proc: utime + stime of every live
process under the roots, plus cutime + cstime (children already reaped), in
clock ticks (10 ms on Debian)."""
import os

TICK_SECONDS = 1.0 / os.sysconf("SC_CLK_TCK")


def _stat(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
    except OSError:
        return None
    # The command name sits in parentheses and may hold spaces: split after it.
    fields = text[text.rindex(")") + 2:].split()
    ppid = int(fields[1])
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    return ppid, ticks


def tree_ticks(roots):
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = _stat(int(entry))
            if s is not None:
                table[int(entry)] = s
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, todo, seen = 0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        total += table[pid][1]
        todo.extend(children.get(pid, []))
    return total
