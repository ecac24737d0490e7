// Writes the shipped security rules' artefact, dist/security/shipped-rules.json (src/security/rule-artefact.ts):
// rules/security/*.json as zod validated them and every trigger word's anchors, keyed by the files'
// contents. `vouch scan` reads it instead of validating the files and finding the anchors at each start;
// it lives in dist/ with the code, so it is trusted as the code is. Run by `npm run build` after tsc.
import { writeFileSync } from 'node:fs';

const { buildRuleArtefact } = await import('../dist/security/rules.js');
const { shippedArtefactPath } = await import('../dist/security/rule-artefact.js');
writeFileSync(shippedArtefactPath(), JSON.stringify(buildRuleArtefact()));
