import { z } from 'zod';
import type { CheckContext, CheckSubject, Finding, ImportProbe } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { wellFormed } from '../../core/well-formed.js';
import { findPythonInterpreter, type PythonInterpreter } from '../runners/python-interpreter.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import { declaredPackages, normalizePypiName } from './declared-packages.js';
import { didYouMean } from './did-you-mean.js';
import { pythonImportProbe } from './python-import-probe.js';
import { hasTargetPath, subjectFile } from './support.js';

/** What the import probe prints (python/import_probe.py): one JSON object on stdout. */
const probeImport = z.looseObject({
  module: z.string(),
  line: z.number(),
  col: z.number(),
  top: z.string(),
  kind: z.enum(['stdlib', 'first-party', 'third-party', 'missing']),
  distribution: z.string().optional(),
  version: z.string().optional(),
});

const probeProblem = z.looseObject({
  kind: z.enum(['module-missing', 'import-failed', 'name-missing', 'attribute-missing', 'keyword-unknown']),
  module: z.string(),
  line: z.number(),
  col: z.number(),
  missing: z.string().optional(),
  owner: z.string().optional(),
  local: z.string().optional(),
  detail: z.string().optional(),
  // an import that failed has none (and older probes left the field out)
  suggestions: z.array(z.string()).default([]),
  distribution: z.string().optional(),
  version: z.string().optional(),
});

const probeOutput = z.looseObject({
  imports: z.array(probeImport),
  problems: z.array(probeProblem),
  python: z.string().optional(),
  /** the source did not parse even after the lines below were closed or left out */
  syntaxError: z.boolean().optional(),
  /** lines that did not parse (a buffer being typed): closed with brackets or left out, 1-based */
  skippedLines: z.array(z.number()).optional(),
});

/** Import names that differ from the distribution to install (the common cases models get wrong). */
const DISTRIBUTION_FOR_MODULE: Record<string, string> = {
  sklearn: 'scikit-learn',
  cv2: 'opencv-python',
  yaml: 'PyYAML',
  PIL: 'Pillow',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  jwt: 'PyJWT',
  Crypto: 'pycryptodome',
  magic: 'python-magic',
  serial: 'pyserial',
  usb: 'pyusb',
  attr: 'attrs',
  google: 'google-api-core',
  skimage: 'scikit-image',
};

export interface PythonImportReport {
  findings: Finding[];
  details: Record<string, unknown>;
  /** set when part of the source was left out because it does not parse */
  reason?: string;
  /** set when none of it could be read: the check could not run */
  unreadable?: string;
  /** modules that exist but raised when imported: what the code takes from them is not verified */
  notImported?: string[];
}

type ProbeOutput = z.output<typeof probeOutput>;

/** The probe in a fresh sandbox: a new Python that imports everything the code names. */
async function coldProbe({
  root,
  python,
  stdin,
  context,
  overlay,
}: {
  root: string;
  python: PythonInterpreter;
  stdin: string;
  context: CheckContext;
  overlay?: Record<string, string>;
}): Promise<ProbeOutput> {
  const result = await runInSandbox({
    command: [python.path, '-c', pythonImportProbe()],
    projectDir: root,
    cwd: root,
    ...(overlay && Object.keys(overlay).length > 0 ? { overlay } : {}),
    env: { PYTHONPATH: root },
    readOnlyPaths: python.readOnlyPaths,
    stdin,
    limits: { wallMs: 30_000, cpuMs: 30_000, memoryMb: 2048, outputBytes: 4 << 20 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    signal: context.signal,
    ...(context.urgent ? { urgent: true } : {}),
  });
  if (result.status !== 'ok') {
    throw new Error(
      `the import probe failed in the sandbox (${result.status}): ${result.reason ?? ''} ${result.stderr.slice(-500)}`,
    );
  }
  return parseExternalJson({ text: result.stdout, schema: probeOutput, source: 'the Python import probe' });
}

/** The same probe in the workspace's warm worker; undefined (run it cold) when that cannot answer for sure. */
async function warmAnswer(
  warm: ImportProbe,
  stdin: string,
  signal: AbortSignal | undefined,
): Promise<ProbeOutput | undefined> {
  const result = await warm.run(stdin, signal);
  if (!result) return undefined;
  try {
    return parseExternalJson({ text: result.stdout, schema: probeOutput, source: 'the Python import probe' });
  } catch {
    return undefined;
  }
}

/**
 * What the warm worker should keep after a probe: the modules it imported without a problem (`module`),
 * and for `from module import name` the name too (`module:name`, a submodule the probe imported).
 */
function keptSpecs(probe: ProbeOutput): string[] {
  const failed = new Set(
    probe.problems
      .filter((problem) => problem.kind === 'module-missing' || problem.kind === 'import-failed')
      .map((problem) => problem.module),
  );
  const specs = new Set<string>();
  for (const entry of probe.imports) {
    if (entry.kind === 'missing' || failed.has(entry.module)) continue;
    specs.add(entry.module);
    const names = (entry as { names?: unknown }).names;
    if (Array.isArray(names))
      for (const name of names)
        if (Array.isArray(name) && typeof name[0] === 'string') specs.add(`${entry.module}:${name[0]}`);
  }
  return [...specs];
}

/**
 * For a long-lived face, when a buffer opens or is completed in: the face's warm worker imports the buffer's own imports into itself — `specs` as `keepModules` takes them — so the
 * first check of a completion that adds one of them finds it imported. No probe runs for this: a module
 * that cannot be imported is simply not kept. An unchanged set of a buffer is not sent again.
 */
export function warmPythonImports(warm: ImportProbe, path: string, specs: readonly string[]): void {
  if (specs.length === 0 || !warm.firstWarm(`${path}\0${specs.join('\0')}`)) return;
  warm.keepModules(specs);
}

/** The hallucination check for Python, with the project's interpreter inside the sandbox. */
export async function checkPythonImports(
  subject: CheckSubject,
  context: CheckContext,
): Promise<PythonImportReport> {
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const stdin = JSON.stringify({
    // the code as a file would hold it: Python's json.loads keeps a lone surrogate that ast.parse cannot encode
    source: wellFormed(subject.code),
    project: root,
    path: hasTargetPath(subject.path) ? subject.path : '',
  });
  // the warm worker imports the project as it is on disk: a change across files is probed cold, over it
  const warm = context.unsafeNoSandbox || subject.overlay ? undefined : context.importProbe;
  let probe = warm ? await warmAnswer(warm, stdin, context.signal) : undefined;
  const probeRan = probe ? 'warm' : 'cold';
  const coldBecause = warm && !probe ? warm.coldReason : undefined;
  probe ??= await coldProbe({ root, python, stdin, context, overlay: subject.overlay });
  if (warm) warm.keepModules(keptSpecs(probe));
  if (probe.syntaxError)
    return {
      findings: [],
      details: {},
      unreadable:
        'the code does not parse as Python, so its imports could not be read (see the syntax check)',
    };
  const skipped = probe.skippedLines ?? [];
  const declared = await declaredPackages(root, 'pypi');
  const file = subjectFile(subject.path);
  const interpreter = python.source === 'venv' ? `the project's virtualenv (${python.path})` : 'python3';
  const manifest = [...declared.sources][0] ?? 'requirements.txt';
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const notImported: string[] = [];

  for (const entry of probe.imports) {
    if (reported.has(entry.top)) continue;
    if (entry.kind === 'missing') {
      reported.add(entry.top);
      const distribution = DISTRIBUTION_FOR_MODULE[entry.top] ?? entry.top;
      const isDeclared = declared.names.has(normalizePypiName(distribution));
      findings.push({
        ruleId: 'import-missing',
        file,
        line: entry.line,
        column: entry.col,
        severity: 'high',
        message: `\`${entry.top}\` is not installed in ${interpreter}`,
        hint: isDeclared
          ? `\`${distribution}\` is declared in ${manifest} but not installed: run \`pip install -r ${manifest}\` (or your installer) in the project`
          : `if the package is real, add it: \`pip install ${distribution}\` and declare it in ${manifest}; otherwise the import is invented`,
      });
    } else if (entry.kind === 'third-party' && entry.distribution) {
      if (declared.names.has(normalizePypiName(entry.distribution))) continue;
      reported.add(entry.top);
      findings.push({
        ruleId: 'import-undeclared',
        file,
        line: entry.line,
        column: entry.col,
        severity: 'medium',
        message: `\`${entry.top}\` comes from \`${entry.distribution}\`${entry.version ? ` ${entry.version}` : ''}, which is installed but not a declared dependency of the project`,
        hint: `declare it: add \`${entry.distribution}${entry.version ? `>=${entry.version}` : ''}\` to ${manifest} (\`pip install ${entry.distribution}\`)`,
      });
    }
  }

  for (const problem of probe.problems) {
    const package_ = problem.distribution
      ? `${problem.distribution}${problem.version ? ` ${problem.version}` : ''}`
      : problem.module;
    if (problem.kind === 'module-missing') {
      findings.push({
        ruleId: 'import-missing',
        file,
        line: problem.line,
        column: problem.col,
        severity: 'high',
        message: `${package_} has no module \`${problem.module}\`${didYouMean(problem.suggestions)}`,
        hint: 'the module does not exist in the installed version; use one that does',
      });
    } else if (problem.kind === 'import-failed') {
      // The module is there but running it raised (a Django models module without configured settings,
      // a package missing a native library): not a fault of the code checked, and nothing of the module
      // could be checked either, so the check is "not verified" (see imports.ts), never a pass or a fail.
      notImported.push(problem.module);
      findings.push({
        ruleId: 'import-failed',
        file,
        line: problem.line,
        column: problem.col,
        severity: 'info',
        message: `importing \`${problem.module}\` fails in the project's environment, so the names taken from it are not verified: ${problem.detail}`,
        hint: 'the module needs something the check does not set up (configuration such as settings, a missing dependency) or is broken; check it by running the project',
      });
    } else if (problem.kind === 'keyword-unknown') {
      // read from the callee's signature, following a `**kw` to where it passes the names on
      const callee =
        problem.owner === problem.module
          ? problem.module
          : `${problem.local === problem.owner ? '' : `${problem.module}.`}${problem.owner}`;
      findings.push({
        ruleId: 'keyword-unknown',
        file,
        line: problem.line,
        column: problem.col,
        severity: 'high',
        message: `\`${callee}()\` in ${package_} takes no keyword \`${problem.missing}\`${didYouMean(problem.suggestions)}`,
        hint: `the call raises TypeError with the installed version${problem.version ? ` (${problem.version})` : ''}; use a keyword it takes`,
      });
    } else {
      const owner = problem.kind === 'name-missing' ? problem.module : problem.owner;
      const label =
        problem.kind === 'name-missing'
          ? `\`${problem.missing}\``
          : `\`${owner === problem.module ? '' : `${owner}.`}${problem.missing}\``;
      const suggestions =
        problem.kind === 'attribute-missing' && owner !== problem.module
          ? problem.suggestions.map((name) => `${owner}.${name}`)
          : problem.suggestions;
      findings.push({
        ruleId: 'api-missing',
        file,
        line: problem.line,
        column: problem.col,
        severity: 'high',
        message: `${package_} has no ${label}${didYouMean(suggestions)}`,
        hint: `the API does not exist in the installed version${problem.version ? ` (${problem.version})` : ''}; use what the package provides`,
      });
    }
  }
  return {
    findings,
    ...(notImported.length > 0 ? { notImported: [...new Set(notImported)] } : {}),
    ...(skipped.length > 0
      ? {
          reason: `line${skipped.length > 1 ? 's' : ''} ${[...skipped].sort((a, b) => a - b).join(', ')} did not parse and ${skipped.length > 1 ? 'were' : 'was'} read as far as possible (closing brackets) or left out`,
        }
      : {}),
    details: {
      ...(skipped.length > 0 ? { skippedLines: skipped } : {}),
      probe: probeRan,
      ...(coldBecause ? { coldBecause } : {}),
      python: probe.python,
      interpreter: python.path,
      imports: [...new Map(probe.imports.map((entry) => [entry.module, entry])).values()].map(
        ({ module, kind, distribution, version }) => ({ module, kind, distribution, version }),
      ),
    },
  };
}
