export function compileRule(expression: string): (row: Record<string, number>) => boolean {
  return new Function('row', `return ${expression};`) as (row: Record<string, number>) => boolean;
}
