import { query } from './db.js';
export function byName(name) {
  return query("SELECT * FROM users WHERE name = '" + name + "'");
}
