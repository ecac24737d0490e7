import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds spent by this process and every live process below it (the sandbox's workers included), plus
 * what its reaped children spent. Sandboxed workers run in their own PID namespace behind bubblewrap, and
 * their time does not reach this process's `cutime` when a pool closes, so a phase is measured by taking
 * this before its pools close: `cpuSeconds()` at the end minus at the start.
 */
const TICKS = 100;

function statFields(pid: string): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; fields after it are space-separated.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

export function cpuSeconds(): number {
  const children = new Map<string, string[]>();
  const times = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (!fields) continue;
    // fields[1] is ppid (field 4 of stat); utime, stime, cutime, cstime are fields 14-17
    const parent = fields[1]!;
    const list = children.get(parent);
    if (list) list.push(entry);
    else children.set(parent, [entry]);
    times.set(entry, (+fields[11]! + +fields[12]! + +fields[13]! + +fields[14]!) / TICKS);
  }
  let total = 0;
  const stack = [String(process.pid)];
  while (stack.length) {
    const pid = stack.pop()!;
    total += times.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
