import type { Check } from '../../core/check.js';
import { checkPythonImports } from './imports-python.js';
import { checkResult, errorResult, sandboxDecision } from './support.js';

/**
 * `imports`, the hallucination check: every import resolves in the project's environment at the installed
 * version, the names taken from it exist (with the closest real names when not), and every third-party
 * package is a declared dependency (with the command to add it).
 */
export const importsCheck: Check = {
  name: 'imports',
  languages: ['python', 'javascript', 'typescript', 'tsx'],
  async run(subject, context) {
    const started = performance.now();
    if (subject.language === 'python') {
      const decision = await sandboxDecision(context);
      if (!decision.allowed) return errorResult('imports', started, decision.reason ?? 'no sandbox');
      const report = await checkPythonImports(subject, context);
      if (report.unreadable) return errorResult('imports', started, report.unreadable);
      const notImported = report.notImported?.length
        ? `${report.notImported.map((module) => `\`${module}\``).join(', ')} could not be imported in the project's environment, so what the code takes from ${report.notImported.length > 1 ? 'them' : 'it'} is not verified`
        : undefined;
      const reason = [decision.reason, report.reason, notImported].filter(Boolean).join('; ');
      const result = checkResult({
        name: 'imports',
        started,
        findings: report.findings,
        extra: {
          details: report.details,
          ...(reason ? { reason } : {}),
        },
      });
      // findings that fail the code still fail it; otherwise a module not imported leaves it unverified
      return notImported && result.status === 'pass' ? { ...result, status: 'error' } : result;
    }
    // loaded here: it brings the TypeScript compiler, which a Python buffer's checks never need
    const { checkJavaScriptImports } = await import('./imports-javascript.js');
    const report = await checkJavaScriptImports(subject, context);
    return checkResult({
      name: 'imports',
      started,
      findings: report.findings,
      extra: { details: report.details },
    });
  },
};
