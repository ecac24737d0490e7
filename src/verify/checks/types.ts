import type { Check } from '../../core/check.js';
import { runPythonTools } from './python-tools.js';
import { checkResult, errorResult, hasTargetPath, sandboxDecision, skipResult } from './support.js';
import { typeCheckTypeScript } from './typescript-diagnostics.js';

/**
 * `types`: TypeScript (and JavaScript with checkJs) type-checked against the project's tsconfig through
 * the compiler API on an in-memory overlay; Python through mypy when the project has it installed.
 */
export const typesCheck: Check = {
  name: 'types',
  languages: ['typescript', 'tsx', 'javascript', 'python'],
  async run(subject, context) {
    const started = performance.now();
    if (subject.language === 'python') {
      const decision = await sandboxDecision(context);
      if (!decision.allowed) return errorResult('types', started, decision.reason ?? 'no sandbox');
      const tools = await runPythonTools(subject, context, ['mypy']);
      // installed but crashed, timed out or reported nothing: not verified, and not "not installed" either
      if (tools.notRun.length > 0) return errorResult('types', started, tools.notRun.join('; '));
      if (tools.ran.length === 0)
        return skipResult('types', started, 'no Python type checker (mypy) is installed in the project');
      return checkResult({
        name: 'types',
        started,
        findings: tools.findings,
        extra: {
          reason: `ran ${tools.ran.join(', ')}`,
          details: { tools: tools.ran },
        },
      });
    }
    const extension = subject.language === 'tsx' ? '.tsx' : subject.language === 'javascript' ? '.js' : '.ts';
    const path = hasTargetPath(subject.path) ? subject.path : `__vouch_generated__${extension}`;
    const report = typeCheckTypeScript({
      root: context.workspaceRoot,
      relativePath: path,
      code: subject.code,
      javascript: subject.language === 'javascript',
      overlay: subject.overlay,
    });
    if (report.skipped) return skipResult('types', started, report.skipped);
    if (report.refused) return errorResult('types', started, report.refused);
    // Code with no place in the project (a chat answer, stdin): a relative module cannot be found from
    // nowhere, which says nothing about the code (the imports check notes it once)
    const findings = hasTargetPath(subject.path)
      ? report.findings
      : report.findings
          .filter((finding) => !(finding.ruleId === 'TS2307' && /['"]\.\.?\//.test(finding.message)))
          .map((finding) => ({ ...finding, file: subject.path || '<generated>' }));
    return checkResult({
      name: 'types',
      started,
      findings,
      extra: {
        reason: `ran the TypeScript compiler${report.tsconfig ? ` with ${report.tsconfig}` : ' (no tsconfig: strict defaults)'}`,
        details: { tools: ['tsc'], ...(report.tsconfig ? { tsconfig: report.tsconfig } : {}) },
      },
    });
  },
};
