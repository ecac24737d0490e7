// Runs the vouch CLI from source for tests (`tsx src/verify/__fixtures__/run-cli.ts …`).
import { main } from '../../cli/main.js';

await main(process.argv);
