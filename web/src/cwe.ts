/** Short names of the CWE ids vouch's security rules and the scanners it runs report most. */
const NAMES: Record<number, string> = {
  22: 'Path traversal',
  78: 'OS command injection',
  79: 'Cross-site scripting',
  89: 'SQL injection',
  90: 'LDAP injection',
  94: 'Code injection',
  95: 'Eval injection',
  259: 'Hard-coded password',
  295: 'TLS verification disabled',
  326: 'Key too short',
  327: 'Broken or risky crypto',
  328: 'Weak hash',
  329: 'Static IV',
  338: 'Weak randomness',
  347: 'JWT not verified',
  377: 'Insecure temporary file',
  400: 'Resource exhaustion',
  489: 'Debug mode',
  501: 'Trust boundary violation',
  502: 'Unsafe deserialisation',
  601: 'Open redirect',
  605: 'Bind to all interfaces',
  611: 'XML external entities',
  614: 'Insecure cookie',
  643: 'XPath injection',
  703: 'Assert as a check',
  798: 'Hard-coded credentials',
  918: 'Server-side request forgery',
  942: 'Permissive CORS',
  943: 'NoSQL injection',
  1321: 'Prototype pollution',
  1327: 'Bind to all interfaces',
  1333: 'ReDoS',
};

export function cweLabel(cwe: number): string {
  const name = NAMES[cwe];
  return name ? `CWE-${cwe} ${name}` : `CWE-${cwe}`;
}
