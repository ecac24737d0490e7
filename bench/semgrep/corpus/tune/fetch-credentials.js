async function load() {
  const a = await fetch(
    // ruleid: credentials-over-http
    'http://api.example.com/data',
    { method: 'GET', credentials: 'include' },
  );
  const b = await fetch(
    // ok: credentials-over-http
    'https://api.example.com/data',
    { credentials: 'include', method: 'GET' },
  );
  // ok: credentials-over-http
  const c = await fetch('http://api.example.com/data', { method: 'GET' });
  // ruleid: credentials-over-http
  const d = await fetch('http://cdn.example.com/x', { credentials: 'include' });
  return [a, b, c, d];
}
module.exports = { load };
