// Writes o200k_base's vocabulary as the flat table src/context/token-table.ts reads
// (dist/context/o200k_base.table), from gpt-tokenizer's ranks: counting then starts without building
// gpt-tokenizer's 200,000-entry Map in every process. Run by `npm run build` after tsc.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { buildTokenTable } = await import('../dist/context/token-table.js');
const ranks = require('gpt-tokenizer/cjs/bpeRanks/o200k_base').default;
writeFileSync(new URL('../dist/context/o200k_base.table', import.meta.url), buildTokenTable(ranks));
