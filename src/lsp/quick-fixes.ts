import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { LanguageId } from '../core/languages.js';
import type { DiagnosticData } from './gate.js';

/**
 * Code actions that need no model: replace an invented API by the name the installed package has (the
 * imports check's did-you-mean), and a `vouch-ignore` comment for a security finding — which suppresses
 * only once the user writes why the code is safe (a suppression without a reason is itself reported).
 */

const COMMENT_PREFIX: Partial<Record<LanguageId, string>> = { python: '#' };

/** `… has no \`np.arrange\`; did you mean \`np.arange\` or \`np.range\`?` → ['np.arrange', ['np.arange', 'np.range']] */
export function parseDidYouMean(message: string): { missing: string; suggestions: string[] } | undefined {
  const match = /has no (?:module )?`([^`]+)`.*?; did you mean (.+)\?/s.exec(message);
  if (!match) return undefined;
  const suggestions = [...match[2]!.matchAll(/`([^`]+)`/g)].map((part) => part[1]!);
  return suggestions.length ? { missing: match[1]!, suggestions } : undefined;
}

/** The last dotted part: `Calculator.totl` → `totl`. */
function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * Where on the diagnostic's line the wrong name is: the occurrence of its last part at or after the
 * reported column (or anywhere on the line when the column points at the import or the receiver).
 */
function wrongNameRange({
  line,
  lineNumber,
  diagnostic,
  missing,
}: {
  line: string;
  lineNumber: number;
  diagnostic: Diagnostic;
  missing: string;
}) {
  const name = lastPart(missing);
  const pattern = new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
  const found = [...line.matchAll(pattern)].map((match) => match.index ?? 0);
  if (!found.length) return undefined;
  const start = found.find((index) => index >= diagnostic.range.start.character) ?? found[0]!;
  return {
    start: { line: lineNumber, character: start },
    end: { line: lineNumber, character: start + name.length },
  };
}

export function quickFixes({
  uri,
  text,
  language,
  diagnostics,
}: {
  uri: string;
  text: string;
  language: LanguageId;
  diagnostics: readonly Diagnostic[];
}): CodeAction[] {
  const lines = text.split('\n');
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data) continue;
    if (data.ruleId === 'api-missing' || data.ruleId === 'import-missing') {
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
      const parsed = parseDidYouMean(message);
      const lineNumber = diagnostic.range.start.line;
      const range =
        parsed &&
        wrongNameRange({ line: lines[lineNumber] ?? '', lineNumber, diagnostic, missing: parsed.missing });
      if (parsed && range) {
        parsed.suggestions.forEach((suggestion, index) => {
          const edit: TextEdit = { range, newText: lastPart(suggestion) };
          actions.push({
            title: `vouch: use \`${lastPart(suggestion)}\` (what the installed package has)`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: index === 0,
            edit: { changes: { [uri]: [edit] } },
          });
        });
      }
    }
    if (data.check === 'security' && data.ruleId !== 'not-verified') {
      const lineNumber = diagnostic.range.start.line;
      const line = lines[lineNumber] ?? '';
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      const prefix = COMMENT_PREFIX[language] ?? '//';
      const target = data.cwe !== undefined ? `CWE-${data.cwe}` : data.ruleId;
      actions.push({
        title: `vouch: suppress ${target} on this line (write why it is safe)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: {
          changes: {
            [uri]: [
              {
                range: { start: { line: lineNumber, character: 0 }, end: { line: lineNumber, character: 0 } },
                newText: `${indent}${prefix} vouch-ignore ${target}: \n`,
              },
            ],
          },
        },
      });
    }
  }
  return actions;
}
