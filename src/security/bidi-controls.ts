import type { Finding } from '../core/check.js';

/**
 * Trojan Source (CVE-2021-42574): Unicode bidirectional embedding, override and isolate controls make
 * code display in an order other than the one the compiler reads, so a reviewer approves what does not
 * run and runs what was not shown (an early `return` inside what looks like a comment). Code has no use for
 * them outside text meant for people, and even there the marks (U+200E/U+200F) are what right-to-left text
 * needs: every one is a finding, in any language.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

const NAMES: Record<string, string> = {
  '\u202a': 'LRE',
  '\u202b': 'RLE',
  '\u202c': 'PDF',
  '\u202d': 'LRO',
  '\u202e': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

/** One finding per line holding bidi controls, at the first of them. */
export function bidiControlFindings(source: string, path: string): Finding[] {
  if (!/[\u202a-\u202e\u2066-\u2069]/.test(source)) return [];
  const findings: Finding[] = [];
  const lines = source.split('\n');
  for (const [index, line] of lines.entries()) {
    const found = [...line.matchAll(BIDI_CONTROLS)];
    if (found.length === 0) continue;
    const names = [...new Set(found.map((match) => NAMES[match[0]]))];
    findings.push({
      ruleId: 'bidi-control',
      file: path,
      line: index + 1,
      column: (found[0]!.index ?? 0) + 1,
      severity: 'high',
      message: `Unicode bidirectional control character${found.length > 1 ? 's' : ''} (${names.join(', ')}): the code displays in an order other than the one it runs in (Trojan Source)`,
      hint: 'remove them; text for people that needs right-to-left order belongs in resources, or use U+200E/U+200F marks',
      cwe: 451,
    });
  }
  return findings;
}
