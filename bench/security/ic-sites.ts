/**
 * Issue 59 (w241): which property sites of the engine went megamorphic, and how many hidden classes (maps) each
 * saw there, read from `node --log-ic` output. A site's count is its IC transitions into or within the megamorphic
 * state (each a miss of V8's stub cache, handled in the runtime); its maps, the distinct maps those transitions
 * carried. Many maps at a `Value` field's load say the engine builds that value in many shapes.
 *
 *   node --log-ic --logfile=ic.log --no-logfile-per-isolate <program>
 *   node --import tsx bench/security/ic-sites.ts ic.log [path filter, default security/] [rows, default 40]
 *
 * A transition is attributed to the code object holding its pc (the `code-creation` entries): the function's
 * name and file, then the site's line:column in that file. A count of transitions, not of loads: the cost of a
 * megamorphic load that hits the stub cache is not logged.
 */
import { readFileSync } from 'node:fs';

const [file, filter = 'security/', rowsText = '40'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: ic-sites.ts <ic log> [path filter] [rows]\n');
  process.exit(2);
}
const IC = /^(?:Keyed)?(?:Load|Store|DefineNamedOwn|DefineKeyedOwn)(?:Global|InArrayLiteral)?IC,/;
const codes: { start: number; name: string }[] = [];
const events: { pc: number; site: string }[] = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.startsWith('code-creation,')) {
    const parts = line.split(',');
    codes.push({ start: Number.parseInt(parts[4] ?? '0', 16), name: parts.slice(6).join(',') });
    continue;
  }
  if (!IC.test(line)) continue;
  // kind, pc, time, line, column, old state, new state, map, key, modifier, slow reason
  const [kind, pc, , row, column, before, after, map, key] = line.split(',');
  if (before !== 'N' && after !== 'N') continue;
  events.push({ pc: Number.parseInt(pc ?? '0', 16), site: `${row}:${column} ${kind} ${key}\u0000${map}` });
}
codes.sort((a, b) => a.start - b.start);
/** the code object starting at or before pc (the last such) */
function codeAt(pc: number): string {
  let low = 0;
  let high = codes.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codes[middle]!.start <= pc) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found < 0) return '?';
  const named = /(\S+) (\S+):\d+:\d+/.exec(codes[found]!.name);
  return named ? `${named[1]!.replace(/^[*~^]/, '')} ${named[2]!.replace(/^.*\/dist\//, '')}` : '?';
}
const sites = new Map<string, { count: number; maps: Set<string> }>();
let total = 0;
for (const { pc, site } of events) {
  const where = codeAt(pc);
  if (!where.includes(filter)) continue;
  total++;
  const [name = '', map = ''] = site.split('\u0000');
  const key = `${where} ${name}`;
  const entry = sites.get(key) ?? { count: 0, maps: new Set<string>() };
  entry.count++;
  entry.maps.add(map);
  sites.set(key, entry);
}
process.stdout.write(`megamorphic transitions: ${events.length} in all, ${total} in ${filter}\n`);
process.stdout.write('count maps function file line:column kind key\n');
for (const [key, { count, maps }] of [...sites]
  .sort((a, b) => b[1].count - a[1].count)
  .slice(0, Number(rowsText)))
  process.stdout.write(`${count} ${maps.size} ${key}\n`);
