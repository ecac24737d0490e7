/** A diagnostic as far as this module reads it (vscode.Diagnostic has these). */
export interface DiagnosticLike {
  source?: string;
  code?: string | number | { value: string | number };
  message: string;
}

/** Why a file is not verified, short for the status bar and whole for its tooltip. */
export interface NotVerified {
  short: string;
  message: string;
}

const codeOf = (diagnostic: DiagnosticLike) =>
  typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;

/**
 * Why a file is not verified, from the diagnostics `vouch lsp` published on it: the gate did not complete
 * (`gate-incomplete`, source `vouch`), or one of the whole gate's checks could not run (`not-verified`,
 * source `vouch <check>`). Undefined when none says so.
 */
export function notVerifiedOf(diagnostics: readonly DiagnosticLike[]): NotVerified | undefined {
  const incomplete = diagnostics.find(
    (diagnostic) => diagnostic.source === 'vouch' && codeOf(diagnostic) === 'gate-incomplete',
  );
  if (incomplete) return { short: 'the gate did not complete', message: incomplete.message };
  const check = diagnostics.find(
    (diagnostic) => diagnostic.source?.startsWith('vouch') && codeOf(diagnostic) === 'not-verified',
  );
  if (check)
    return {
      short: `${check.source?.replace(/^vouch\s*/, '') || 'a check'} could not run`,
      message: check.message,
    };
  return undefined;
}
