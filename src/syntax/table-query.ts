import type { GrammarTables, NodeTable } from './node-table.js';

/**
 * Tree-sitter query patterns run over a `NodeTable` (a tree copied into arrays) instead of the query
 * engine in WebAssembly, whose every match is handed back as nodes unmarshalled one getter at a time.
 *
 * Only the subset the tags queries use is understood: node patterns with child patterns, `field:`
 * prefixes, alternations `[…]` and captures. Anything else (strings, wildcards, quantifiers, anchors,
 * negated fields, predicates) makes `compileTableQuery` return undefined, and the caller uses the real
 * query. Matches come out in the order tree-sitter's `Query.matches` returns them: by the document
 * position of the node that completes the match, then outer patterns (a smaller start depth) before
 * inner ones, then by pattern index.
 */
export interface TableQuery {
  readonly captureNames: readonly string[];
  /**
   * `parent.field` pairs known to match every child in the field when a pattern step with that field
   * meets several (see `tableMatches`).
   */
  readonly repeatedFields: ReadonlySet<string>;
  /** patterns by the canonical type id of their root node */
  readonly byRootType: ReadonlyMap<number, readonly Pattern[]>;
}

export interface TableMatch {
  pattern: number;
  /** capture ids and node numbers, alternating: [capture, node, capture, node, …] */
  captures: number[];
}

interface NodeStep {
  kind: 'node';
  type: number;
  /** 0: any field or none */
  field: number;
  captures: number[];
  children: Step[];
}

interface AlternationStep {
  kind: 'alternation';
  field: number;
  captures: number[];
  options: NodeStep[];
}

type Step = NodeStep | AlternationStep;

interface Pattern {
  index: number;
  root: NodeStep;
}

class Unsupported extends Error {}

/** Compiles `source` for `grammar`, or undefined when it uses more than the subset described above. */
export function compileTableQuery(
  source: string,
  grammar: GrammarTables,
  repeatedFields: readonly string[] = [],
): TableQuery | undefined {
  try {
    return { ...compile(source, grammar), repeatedFields: new Set(repeatedFields) };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function compile(source: string, grammar: GrammarTables): Omit<TableQuery, 'repeatedFields'> {
  const tokens = tokenize(source);
  let position = 0;
  const captureNames: string[] = [];
  const captureId = (name: string): number => {
    let id = captureNames.indexOf(name);
    if (id < 0) {
      id = captureNames.length;
      captureNames.push(name);
    }
    return id;
  };
  const peek = () => tokens[position];
  const next = () => {
    const token = tokens[position++];
    if (token === undefined) throw new Unsupported('unexpected end of query');
    return token;
  };
  const captures = (): number[] => {
    const found: number[] = [];
    while (peek()?.startsWith('@')) found.push(captureId(next().slice(1)));
    return found;
  };
  const nodeStep = (field: number): NodeStep => {
    if (next() !== '(') throw new Unsupported('expected (');
    const name = next();
    const type = grammar.namedTypeId.get(name);
    if (type === undefined || !/^[A-Za-z_][\w]*$/.test(name) || name === '_') throw new Unsupported(name);
    const children: Step[] = [];
    while (peek() !== ')') children.push(step());
    next();
    return { kind: 'node', type, field, captures: captures(), children };
  };
  const step = (): Step => {
    let field = 0;
    const token = peek();
    if (token?.endsWith(':')) {
      next();
      const id = grammar.fieldId.get(token.slice(0, -1));
      if (id === undefined) throw new Unsupported(token);
      field = id;
    }
    if (peek() === '(') return nodeStep(field);
    if (peek() === '[') {
      next();
      const options: NodeStep[] = [];
      while (peek() !== ']') {
        if (peek()?.endsWith(':')) throw new Unsupported('field inside an alternation');
        options.push(nodeStep(field));
      }
      next();
      if (options.length === 0) throw new Unsupported('empty alternation');
      return { kind: 'alternation', field, captures: captures(), options };
    }
    throw new Unsupported(`unexpected ${peek()}`);
  };
  const byRootType = new Map<number, Pattern[]>();
  let index = 0;
  while (position < tokens.length) {
    if (peek() !== '(') throw new Unsupported('only node patterns at the top level');
    const root = nodeStep(0);
    const list = byRootType.get(root.type) ?? [];
    list.push({ index: index++, root });
    byRootType.set(root.type, list);
  }
  return { captureNames, byRootType };
}

/** Parentheses, brackets, `field:`, `@capture` and node names; comments dropped; anything else refused. */
function tokenize(source: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s+|;[^\n]*|[()[\]]|[A-Za-z_][\w.-]*:|@[\w.-]+|[A-Za-z_]\w*|\S/gy;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    const token = match[0];
    if (/^\s/.test(token) || token.startsWith(';')) continue;
    if (/^[()[\]]$|^[A-Za-z_][\w.-]*:$|^@[\w.-]+$|^[A-Za-z_]\w*$/.test(token)) tokens.push(token);
    else throw new Unsupported(`query syntax ${token}`);
  }
  return tokens;
}

/**
 * Every match of `query` in `table`, in the order tree-sitter's `Query.matches` gives them; or undefined
 * when the answer would depend on a detail of tree-sitter's matching that the table cannot see: a step
 * with a field (`name: (identifier)`) that several children of one node satisfy, as in Go's
 * `var a, b = 1, 2`. Tree-sitter then matches the later children or not depending on how the grammar
 * built that node (whether its production lists the field again after the first child), which the
 * parsed tree does not show; pairs whose answer is known (every child matches) are listed in
 * `query.repeatedFields`. For the others the caller runs the real query on that file.
 */
export function tableMatches(table: NodeTable, query: TableQuery): TableMatch[] | undefined {
  const found: { match: TableMatch; finish: number; depth: number; sequence: number }[] = [];
  const { type, depth } = table;
  const captures: number[] = [];
  const context: MatchContext = { table, captures, ambiguous: false, repeatedFields: query.repeatedFields };
  for (let node = 0; node < table.count; node++) {
    const patterns = query.byRootType.get(type[node]!);
    if (!patterns) continue;
    for (const pattern of patterns) {
      matchStep({
        context,
        step: pattern.root,
        node,
        last: -1,
        done: (last) => {
          found.push({
            match: { pattern: pattern.index, captures: captures.slice() },
            finish: last,
            depth: depth[node]!,
            sequence: found.length,
          });
        },
      });
      if (context.ambiguous) return undefined;
    }
  }
  found.sort(
    (a, b) =>
      a.finish - b.finish ||
      a.depth - b.depth ||
      a.match.pattern - b.match.pattern ||
      a.sequence - b.sequence,
  );
  return found.map((entry) => entry.match);
}

interface MatchContext {
  table: NodeTable;
  captures: number[];
  ambiguous: boolean;
  repeatedFields: ReadonlySet<string>;
}

/**
 * Calls `done(last)` for each way `step` matches `node` (last: the document-order number of the last node
 * the match used), with the match's captures pushed on `context.captures` for the duration of the call.
 */
function matchStep({
  context,
  step,
  node,
  last,
  done,
}: {
  context: MatchContext;
  step: Step;
  node: number;
  last: number;
  done: (last: number) => void;
}): void {
  const { table, captures } = context;
  if (step.field !== 0 && table.field[node] !== step.field) return;
  if (step.kind === 'alternation') {
    for (const option of step.options) {
      matchStep({
        context,
        step: option,
        node,
        last,
        done: (end) => {
          for (const capture of step.captures) captures.push(capture, node);
          done(end);
          captures.length -= step.captures.length * 2;
        },
      });
    }
    return;
  }
  if (table.type[node] !== step.type) return;
  for (const capture of step.captures) captures.push(capture, node);
  matchChildren({
    context,
    parent: node,
    steps: step.children,
    index: 0,
    from: table.firstChild[node]!,
    last: Math.max(last, node),
    done,
  });
  captures.length -= step.captures.length * 2;
}

function matchChildren({
  context,
  parent,
  steps,
  index,
  from,
  last,
  done,
}: {
  context: MatchContext;
  parent: number;
  steps: readonly Step[];
  index: number;
  from: number;
  last: number;
  done: (last: number) => void;
}): void {
  if (index === steps.length) {
    done(last);
    return;
  }
  const { table } = context;
  const step = steps[index]!;
  let matchedChildren = 0;
  for (let child = from; child >= 0; child = table.nextSibling[child]!) {
    let matched = false;
    matchStep({
      context,
      step,
      node: child,
      last,
      done: (end) => {
        matched = true;
        matchChildren({
          context,
          parent,
          steps,
          index: index + 1,
          from: table.nextSibling[child]!,
          last: end,
          done,
        });
      },
    });
    if (matched && step.field !== 0 && ++matchedChildren > 1) {
      const { typeName } = table.grammar;
      const key = `${typeName[table.type[parent]!]}.${fieldName(table, step.field)}`;
      if (!context.repeatedFields.has(key)) context.ambiguous = true;
    }
  }
}

function fieldName(table: NodeTable, field: number): string {
  for (const [name, id] of table.grammar.fieldId) if (id === field) return name;
  return String(field);
}
