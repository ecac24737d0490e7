/**
 * A bundled recursive-descent parser's shape (issue 59: `@huggingface/jinja`'s `dist/index.cjs` ran for minutes):
 * one function holding `depth + 1` nested ones, each calling the next twice, with `filler` statements each, and
 * an Express route that reads the file. With `sink`, the last level evaluates its input and the route sends the
 * result (a finding); without, nothing is reported and only the time the analysis takes matters.
 */
export function nestedParser({
  depth,
  filler = 20,
  sink = true,
}: {
  depth: number;
  filler?: number;
  sink?: boolean;
}): string {
  const lines = ['const express = require("express");', 'const app = express();', 'function parse(text) {'];
  for (let level = 0; level <= depth; level++) {
    lines.push(`  function level${level}(x) {`);
    for (let line = 0; line < filler; line++)
      lines.push(`    const v${line} = x + "${line}"; if (v${line}.length > ${line}) x = v${line}.trim();`);
    const last = sink ? '    eval(x); return x;' : '    return x;';
    lines.push(level < depth ? `    level${level + 1}(x); return level${level + 1}(x);` : last, '  }');
  }
  lines.push('  return level0(text);', '}');
  // a route, so that the engine reads the file (a file with no source or sink is not parsed)
  lines.push(
    sink
      ? 'app.get("/t", (req, res) => res.send(String(parse(req.query.q).length)));'
      : 'app.get("/t", (req, res) => res.json({ size: parse(req.query.q).length }));',
    '',
  );
  return lines.join('\n');
}
