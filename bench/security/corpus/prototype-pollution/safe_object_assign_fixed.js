function withDefaults(options) {
  const result = {};
  for (const key of ['timeout', 'retries']) {
    result[key] = options[key];
  }
  return result;
}
module.exports = { withDefaults };
