/**
 * `vouch explain`'s test project, shared by its in-process tests (src/cli/commands/explain.test.ts) and its
 * CLI tests (test/cli/explain.test.ts): a small Python shop whose cart sums net prices (a dependency in
 * another module) and looks a user up with string-built SQL (what the security gate finds).
 */
export const EXPLAIN_CART = [
  'import sqlite3',
  '',
  'from shop.prices import net_price',
  '',
  '',
  'def cart_total(items):',
  '    return round(sum(net_price(item) for item in items), 2)',
  '',
  '',
  'def find_user(db: sqlite3.Connection, name: str):',
  `    query = f"SELECT * FROM users WHERE name = '{name}'"`,
  '    return db.execute(query).fetchone()',
  '',
].join('\n');

/** The shop as a project: `vouch.toml`, the package, its prices and its cart. */
export const EXPLAIN_FILES: Record<string, string> = {
  'vouch.toml': '',
  'shop/__init__.py': '',
  'shop/prices.py':
    'def net_price(gross: float, rate: float = 0.2) -> float:\n    return gross / (1 + rate)\n',
  'shop/cart.py': EXPLAIN_CART,
};

/** The model flag every explain test passes: the loopback OpenAI-compatible server answers it. */
export const EXPLAIN_MODEL = ['--model', 'openai:gpt-4o-mini'];
