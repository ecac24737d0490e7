import { describe, expect, it } from 'vitest';
import { securityCheck } from './check.js';

const context = { workspaceRoot: process.cwd(), config: { security: { external: false } } };

describe('securityCheck', () => {
  it('keeps a file with a finding and a part it could not read not verified (r18)', async () => {
    const code =
      'import os\nfrom flask import request\n\ndef ping():\n    os.system("ping " + request.args["host"])\n\ndef more(:\n    os.system(request.args["c"]) +\n';
    const result = await securityCheck.run({ code, language: 'python', path: 'app.py' }, context);
    expect(result.status).toBe('fail');
    expect(result.findings.map((finding) => finding.line)).toContain(5);
    expect(result.unverified).toMatch(/could not parse them whole \(app\.py line 7\)/);
    // a file read whole has no such note
    const whole = await securityCheck.run(
      { code: code.slice(0, code.indexOf('\ndef more')), language: 'python', path: 'app.py' },
      context,
    );
    expect(whole.status).toBe('fail');
    expect(whole.unverified).toBeUndefined();
  });

  it('blocks code with an unsuppressed high or critical finding', async () => {
    const result = await securityCheck.run(
      {
        code: 'import os\nfrom flask import request\n\ndef ping():\n    os.system("ping " + request.args["host"])\n',
        language: 'python',
        path: '<generated>',
      },
      context,
    );
    expect(result).toMatchObject({ name: 'security', status: 'fail', blocking: true });
    expect(result.findings[0]).toMatchObject({
      ruleId: 'command-injection',
      cwe: 78,
      severity: 'critical',
      line: 5,
    });
    // Data the person running the program controls (argv) ranks one lower, and still blocks.
    const local = await securityCheck.run(
      { code: 'import os, sys\nos.system("ls " + sys.argv[1])\n', language: 'python', path: '<generated>' },
      context,
    );
    expect(local).toMatchObject({ blocking: true });
    expect(local.findings[0]).toMatchObject({ ruleId: 'command-injection', severity: 'high' });
  });

  it('reports but does not block medium findings or suppressed ones', async () => {
    const medium = await securityCheck.run(
      {
        code: 'import hashlib\ndef h(password):\n    return hashlib.md5(password).hexdigest()\n',
        language: 'python',
        path: 'x.py',
      },
      context,
    );
    expect(medium).toMatchObject({ status: 'fail', blocking: false });
    const suppressed = await securityCheck.run(
      {
        code: 'import os, sys\nos.system(sys.argv[1])  # vouch-ignore CWE-78: trusted operator tool\n',
        language: 'python',
        path: 'x.py',
      },
      context,
    );
    expect(suppressed).toMatchObject({ status: 'pass', blocking: false });
    expect(suppressed.findings[0]?.suppressed?.reason).toBe('trusted operator tool');
  });

  it('passes clean code and rejects a malformed [security] section', async () => {
    const clean = await securityCheck.run(
      { code: 'const x = 1;\n', language: 'typescript', path: 'a.ts' },
      context,
    );
    expect(clean).toMatchObject({ status: 'pass', blocking: false, findings: [] });
    await expect(
      securityCheck.run(
        { code: '', language: 'python', path: 'a.py' },
        { ...context, config: { security: { external: 'yes' } } },
      ),
    ).rejects.toThrow(/\[security\]/);
  });
});
