import type { Finding } from '../../core/check.js';

/**
 * The security gate's findings in plain words: what could go wrong, for whom, and what to do, for an
 * engineer who does not know the CWE numbers. The rule's own message and hint stay next to it.
 */
const CONSEQUENCES: Record<number, string> = {
  22: 'someone who controls this path can read or write files outside the folder it is meant for',
  78: 'someone who controls this input can run commands of their own on the machine',
  79: 'someone who controls this input can run scripts in other users’ browsers',
  89: 'someone who controls this input can read or change any data in the database',
  94: 'someone who controls this input can run code of their own in this process',
  95: 'someone who controls this input can run code of their own in this process',
  295: 'an attacker on the network can read and change what is sent, because the certificate is not checked',
  327: 'the encryption or hashing used here is broken and gives no real protection',
  328: 'the hash used here is weak and can be reversed or forged',
  330: 'these random values can be predicted, so they must not be used as tokens or keys',
  338: 'these random values can be predicted, so they must not be used as tokens or keys',
  502: 'loading untrusted data this way lets its author run code in this process',
  601: 'a link from this page can send users to a site of an attacker’s choosing',
  611: 'a crafted XML document can read local files or reach internal services',
  798: 'anyone who can read the code has the secret; it must come from the environment or a secret store',
  918: 'someone who controls this URL can make the server call internal services',
};

export interface PlainFinding {
  line: number;
  severity: Finding['severity'];
  ruleId: string;
  /** one sentence: what is wrong here, and what could happen */
  plain: string;
  /** what to do, from the rule */
  fix?: string;
}

export function plainFinding(finding: Finding): PlainFinding {
  const consequence = finding.cwe !== undefined ? CONSEQUENCES[finding.cwe] : undefined;
  const what = finding.message.replace(/\.$/, '');
  return {
    line: finding.line,
    severity: finding.severity,
    ruleId: finding.ruleId,
    plain: consequence ? `${what}: ${consequence}.` : `${what}.`,
    ...(finding.hint ? { fix: finding.hint } : {}),
  };
}
