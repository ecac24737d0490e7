import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageForPath } from '../core/languages.js';
import { defaultRuleSet, type RuleSet } from './rules.js';
import { scanSource } from './scan.js';

/**
 * Scores the engine on a labelled corpus: `<corpus>/<rule-id>/vuln_*.py|js|ts|tsx` must produce a
 * finding with the rule's CWE, `safe_*` twins must not. Used by the benchmark and, on a slice, by the
 * test suite so that a regression fails CI.
 */
export interface FamilyScore {
  ruleId: string;
  cwe: number;
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  trueNegatives: number;
}

export interface CorpusScore {
  families: FamilyScore[];
  /** files scored wrongly, for the report */
  mistakes: { file: string; expected: 'finding' | 'none'; found: string[] }[];
  files: number;
}

export function recall(score: Pick<FamilyScore, 'truePositives' | 'falseNegatives'>): number {
  const positives = score.truePositives + score.falseNegatives;
  return positives === 0 ? 1 : score.truePositives / positives;
}

export function falsePositiveRate(score: Pick<FamilyScore, 'falsePositives' | 'trueNegatives'>): number {
  const negatives = score.falsePositives + score.trueNegatives;
  return negatives === 0 ? 0 : score.falsePositives / negatives;
}

export async function evaluateCorpus(
  directory: string,
  options: { ruleSet?: RuleSet; filter?: (file: string) => boolean } = {},
): Promise<CorpusScore> {
  const ruleSet = options.ruleSet ?? defaultRuleSet();
  const families: FamilyScore[] = [];
  const mistakes: CorpusScore['mistakes'] = [];
  let files = 0;
  for (const ruleId of readdirSync(directory).sort()) {
    const rule = ruleSet.byId.get(ruleId);
    if (!rule) continue;
    const score: FamilyScore = {
      ruleId,
      cwe: rule.cwe,
      truePositives: 0,
      falseNegatives: 0,
      falsePositives: 0,
      trueNegatives: 0,
    };
    for (const name of readdirSync(join(directory, ruleId)).sort()) {
      const path = join(directory, ruleId, name);
      const language = languageForPath(name);
      if (!language || (options.filter && !options.filter(`${ruleId}/${name}`))) continue;
      files++;
      const findings = await scanSource(
        { path: `${ruleId}/${name}`, source: readFileSync(path, 'utf8'), language },
        ruleSet,
      );
      const relevant = findings.filter((finding) => finding.cwe === rule.cwe);
      const vulnerable = name.startsWith('vuln_');
      if (vulnerable && relevant.length > 0) score.truePositives++;
      else if (vulnerable) score.falseNegatives++;
      else if (relevant.length > 0) score.falsePositives++;
      else score.trueNegatives++;
      if (vulnerable !== relevant.length > 0) {
        mistakes.push({
          file: `${ruleId}/${name}`,
          expected: vulnerable ? 'finding' : 'none',
          found: relevant.map((finding) => `${finding.ruleId}@${finding.line}`),
        });
      }
    }
    families.push(score);
  }
  return { families, mistakes, files };
}
