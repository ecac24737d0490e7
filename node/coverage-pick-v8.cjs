// Each copy of the target V8 ran (one per process or worker that loaded it), kept apart: a copy's offsets
// are offsets of the text that copy was compiled from, and only vouch can tell whether that is its own.
function pick(fs, path, env) {
  const scripts = [];
  const dir = env.NODE_V8_COVERAGE;
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    for (const script of data.result) if (script.url === 'file://' + env.TARGET) scripts.push({ functions: script.functions });
  }
  return { seen: scripts.length > 0, scripts };
}
