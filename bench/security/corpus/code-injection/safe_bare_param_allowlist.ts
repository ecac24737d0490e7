const OPERATIONS: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
};

export function applyOperation(name: string, a: number, b: number): number {
  const operation = OPERATIONS[name];
  if (!operation) throw new Error(`unknown operation ${name}`);
  return operation(a, b);
}
