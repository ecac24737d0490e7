
const specifier = process.argv[1];
import(specifier).then((m) => {
  const names = new Set(Object.keys(m));
  if (m.default && (typeof m.default === 'object' || typeof m.default === 'function')) {
    for (const key of Object.keys(m.default)) names.add(key);
  }
  console.log(JSON.stringify([...names]));
}, (error) => { console.log(JSON.stringify({ error: String(error && error.message || error) })); });
