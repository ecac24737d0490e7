/**
 * A synthetic rule set of a few hundred Semgrep rules, shaped like a team's: banned internal APIs, past
 * incidents, deprecated wrappers, security checks on the common standard-library calls. Generated here
 * (labelled synthetic wherever reported): the speed of the matcher with many rules loaded, not their
 * accuracy, is what it measures.
 */
const MODULES = [
  'billing',
  'ledger',
  'accounts',
  'legacy_db',
  'audit',
  'mailer',
  'search',
  'payments',
  'cache',
  'auth',
];
const VERBS = ['charge', 'refund', 'query', 'fetch', 'send', 'delete', 'update', 'export', 'load', 'sync'];

function pythonRule(index: number): string {
  const module = MODULES[index % MODULES.length]!;
  const verb = VERBS[Math.floor(index / MODULES.length) % VERBS.length]!;
  switch (index % 6) {
    case 0:
      return `  - id: py-${index}-banned-${module}-${verb}
    languages: [python]
    severity: WARNING
    message: ${module}.${verb} is deprecated; use ${module}_v2.${verb}
    pattern: ${module}.${verb}(...)`;
    case 1:
      return `  - id: py-${index}-${module}-${verb}-unchecked
    languages: [python]
    severity: ERROR
    message: ${module}.${verb} result ignored
    patterns:
      - pattern: ${module}.${verb}($X, ...)
      - pattern-not-inside: |
          $R = ${module}.${verb}(...)
          ...
      - pattern-not-inside: |
          try:
              ...
          except $E:
              ...`;
    case 2:
      return `  - id: py-${index}-shell-${verb}
    languages: [python]
    severity: ERROR
    message: shell command built from data
    metadata: {cwe: "CWE-78"}
    patterns:
      - pattern-either:
          - pattern: subprocess.$F(..., shell=True, ...)
          - pattern: os.system($X)
      - pattern-not: subprocess.$F("...", ..., shell=True, ...)
      - pattern-not: os.system("...")`;
    case 3:
      return `  - id: py-${index}-self-compare-${module}
    languages: [python]
    severity: INFO
    message: compared with itself
    pattern: $X.${verb} == $X.${verb}`;
    case 4:
      return `  - id: py-${index}-format-sql-${module}
    languages: [python]
    severity: ERROR
    message: SQL built from strings
    metadata: {cwe: "CWE-89"}
    patterns:
      - pattern: $C.execute($Q, ...)
      - metavariable-pattern:
          metavariable: $Q
          pattern-either:
            - pattern: '"...".format(...)'
            - pattern: '"..." % $A'`;
    default:
      return `  - id: py-${index}-${module}-timeout
    languages: [python]
    severity: WARNING
    message: ${module} call without a timeout
    patterns:
      - pattern: requests.$M(...)
      - pattern-not: requests.$M(..., timeout=$T, ...)
      - metavariable-regex:
          metavariable: $M
          regex: ^(get|post|put|delete)$`;
  }
}

function scriptRule(index: number): string {
  const module = MODULES[index % MODULES.length]!;
  const verb = VERBS[Math.floor(index / MODULES.length) % VERBS.length]!;
  switch (index % 5) {
    case 0:
      return `  - id: js-${index}-banned-${module}-${verb}
    languages: [javascript, typescript]
    severity: WARNING
    message: ${module}.${verb} is deprecated
    pattern: ${module}.${verb}(...)`;
    case 1:
      return `  - id: js-${index}-eval-${module}
    languages: [javascript, typescript]
    severity: ERROR
    message: eval of data
    metadata: {cwe: "CWE-95"}
    patterns:
      - pattern: eval($X)
      - pattern-not: eval("...")`;
    case 2:
      return `  - id: js-${index}-inner-html-${module}
    languages: [javascript, typescript]
    severity: WARNING
    message: innerHTML from data
    patterns:
      - pattern: $EL.innerHTML = $X
      - pattern-not: $EL.innerHTML = "..."`;
    case 3:
      return `  - id: js-${index}-${module}-${verb}-await
    languages: [javascript, typescript]
    severity: INFO
    message: awaited twice
    pattern: |
      await $P;
      ...
      await $P;`;
    default:
      return `  - id: js-${index}-regexp-${module}
    languages: [javascript, typescript]
    severity: WARNING
    message: a RegExp built from data
    patterns:
      - pattern: new RegExp($X, ...)
      - pattern-not: new RegExp("...", ...)
      - focus-metavariable: $X`;
  }
}

/** `mode: taint`: request data reaching an internal API's first argument, through a sanitiser. */
function taintRule(index: number): string {
  const module = MODULES[index % MODULES.length]!;
  const verb = VERBS[Math.floor(index / MODULES.length) % VERBS.length]!;
  return index % 2 === 0
    ? `  - id: py-${index}-taint-${module}-${verb}
    mode: taint
    languages: [python]
    severity: ERROR
    message: request data reaches ${module}.${verb}
    pattern-sources:
      - pattern: request.args.get(...)
      - pattern: request.form[...]
    pattern-sanitizers:
      - pattern: ${module}.clean(...)
    pattern-sinks:
      - patterns:
          - pattern: ${module}.${verb}($X, ...)
          - focus-metavariable: $X`
    : `  - id: js-${index}-taint-${module}-${verb}
    mode: taint
    languages: [javascript, typescript]
    severity: ERROR
    message: request data reaches ${module}.${verb}
    pattern-sources:
      - pattern: $REQ.query
      - pattern: $REQ.body
    pattern-sanitizers:
      - pattern: ${module}.clean(...)
    pattern-sinks:
      - patterns:
          - pattern: ${module}.${verb}($X, ...)
          - focus-metavariable: $X`;
}

/**
 * `count` rules, half Python, half JavaScript/TypeScript, as one rule file's text; two in ten are taint
 * rules (60 of 300).
 */
export function syntheticRules(count: number): string {
  const rules: string[] = [];
  for (let index = 0; index < count; index++)
    rules.push(index % 10 >= 8 ? taintRule(index) : index % 2 === 0 ? pythonRule(index) : scriptRule(index));
  return `rules:\n${rules.join('\n')}\n`;
}
