/** The parts of vouch's task result (src/tasks/result-schema.ts) the extension reads. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}

export interface CheckResult {
  name: string;
  status: string;
  reason?: string;
  findings: Finding[];
}

export interface Citation {
  path: string;
  startLine: number;
  endLine: number;
}

export interface TaskResult {
  task: string;
  generated_code: string;
  edits: { path: string; diff: string }[];
  explanation: string;
  test_stubs: string;
  confidence: 'low' | 'medium' | 'high';
  citations: Citation[];
  verification: {
    status: 'pass' | 'fail' | 'unverified' | 'none';
    checks: CheckResult[];
    blocked: boolean;
    reasons: string[];
  };
  notes: string[];
  language: string | null;
  model: string;
  /** the task's own details (src/tasks/<task>/*-details.ts); read only where a panel shows them */
  details?: unknown;
}

/** What `workspace/executeCommand` answers for a task command (src/lsp/task-commands.ts). */
export interface CommandOutcome {
  document: string;
  result?: TaskResult;
  applied?: boolean;
  checks?: { name: string; status: string; findings: number }[];
  /** refactor, tests, debug: what the task proposes to write, for `vouch.apply` (absent: nothing to write) */
  proposal?: string;
  /** the folder the task ran in, a file URI: its citations and edits are relative to it */
  folder?: string;
}

/** What `vouch.apply` answers (src/lsp/proposals.ts). */
export interface ApplyOutcome {
  applied: boolean;
  reason?: string;
  /** the files written, relative to `folder` */
  files?: string[];
  /** the folder they were written in, a file URI (the folder the task ran in) */
  folder?: string;
}

export function isCommandOutcome(value: unknown): value is CommandOutcome {
  return (
    typeof value === 'object' && value !== null && typeof (value as CommandOutcome).document === 'string'
  );
}
