function pick(fs, path, env) {
  const functions = [];
  const dir = env.NODE_V8_COVERAGE;
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    for (const script of data.result) if (script.url === 'file://' + env.TARGET) functions.push(...script.functions);
  }
  return { seen: functions.length > 0, functions };
}
