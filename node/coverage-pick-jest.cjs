function pick(fs, path, env) {
  const file = '/tmp/vouch-jest-coverage/coverage-final.json';
  return { report: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null };
}
