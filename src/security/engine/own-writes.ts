import { preorder, type LiteNode as SyntaxNode } from './lite-tree.js';
import { stringText } from './syntax-nodes.js';

/**
 * What a Python file writes to files, for the question "is the file at this constant path the program's own
 * data?" (issue 59). A write is the program's own pickle when pickle itself writes the stream
 * (`pickle.dump(x, f)`, `f.write(pickle.dumps(x))`, `joblib.dump(x, "model.pkl")`): whatever `x` holds, loading
 * that stream gives back `x` — strings a request gave stay strings — and runs no code an attacker chose. Any
 * other write to the path (raw bytes, `write_text`, a copy, a download) or a write whose path is not known
 * to be another constant may put someone else's bytes there.
 */
export interface FileWrite {
  /** the path written, when it is a literal or a name assigned one literal once (else any path) */
  path?: string;
  /** whether every write through this call is pickle's own stream */
  pickled: boolean;
  /** the call that writes */
  at?: SyntaxNode;
}

/** The file's writes, found once per syntax tree. */
export function fileWrites(anyNode: SyntaxNode, aliases: ReadonlyMap<string, string>): FileWrite[] {
  let root = anyNode;
  while (root.parent) root = root.parent;
  let writes = found.get(root);
  if (!writes) {
    writes = collect(root, aliases);
    found.set(root, writes);
  }
  return writes;
}

const found = new WeakMap<SyntaxNode, FileWrite[]>();

/** Whether something other than pickle's own stream may be written at `path` (a constant, not under /tmp). */
export function writtenByOthers(path: string, writes: FileWrite[]): boolean {
  return writes.some((write) => !write.pickled && (write.path === undefined || write.path === path));
}

/** Opening a path for writing; a write mode is one holding `w`, `a`, `x` or `+`. */
const OPENERS = /^(?:open|io\.open|codecs\.open|builtins\.open|os\.fdopen)$/;
/** Calls that put bytes at the path given as one of their arguments. */
const PATH_WRITERS =
  /^(?:shutil\.(?:copy|copy2|copyfile|move)|os\.(?:rename|replace|link|symlink)|(?:urllib\.request\.)?urlretrieve)$|\.(?:download_file|save)$/;
const PICKLE_MODULE = /^(?:pickle|cPickle|_pickle|dill|cloudpickle|joblib)$/;

function collect(root: SyntaxNode, aliases: ReadonlyMap<string, string>): FileWrite[] {
  const constants = literalNames(root);
  const pathOf = (node: SyntaxNode | undefined): string | undefined => {
    if (!node) return undefined;
    if (node.type === 'string' && !node.namedChildren.some((child) => child.type === 'interpolation'))
      return stringText(node);
    if (node.type === 'identifier') return constants.get(node.text);
    return undefined;
  };
  const writes: FileWrite[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      const name = callee ? resolved(callee.text, aliases) : '';
      const args = positional(node);
      if (OPENERS.test(name)) {
        const mode = args[1] ?? keyword(node, 'mode');
        if (mode && (mode.type !== 'string' || /[wax+]/.test(stringText(mode))))
          writes.push({
            path: pathOf(args[0] ?? keyword(node, 'file')),
            pickled: pickledHandle(node, aliases),
            at: node,
          });
      } else if (/\.(?:write_text|write_bytes|open)$/.test(name) && callee?.type === 'attribute') {
        const method = name.slice(name.lastIndexOf('.') + 1);
        const mode = args[0] ?? keyword(node, 'mode');
        const writing =
          method !== 'open' ||
          (mode !== undefined && (mode.type !== 'string' || /[wax+]/.test(stringText(mode))));
        if (writing) {
          // `Path("x.pkl").write_bytes(pickle.dumps(x))`
          const holder = callee.childForFieldName('object');
          const made = holder?.type === 'call' ? holder : undefined;
          const path =
            made && /(?:^|\.)(?:Path|PurePath)$/.test(made.childForFieldName('function')?.text ?? '')
              ? pathOf(positional(made)[0])
              : undefined;
          const pickled =
            method === 'write_bytes'
              ? isPickleDumps(args[0], aliases)
              : method === 'open' && pickledHandle(node, aliases);
          writes.push({ path, pickled, at: node });
        }
      } else if (/\.extract(?:all)?$/.test(name))
        // an archive unpacked: the files it holds land under a folder, at paths not known here
        writes.push({ pickled: false, at: node });
      else if (PATH_WRITERS.test(name))
        for (const arg of args.length > 1 ? args.slice(1) : args)
          writes.push({ path: pathOf(arg), pickled: false, at: node });
    }
  };
  // pre-order with a stack of its own: a deep tree overflowed a recursive walk (w80)
  preorder(root, visit);
  return writes;
}

/**
 * Whether what is written through a file opened for writing is pickle's stream only: the open call is
 * `pickle.dump`'s file argument, `open(…).write(pickle.dumps(…))`, or a handle (`with … as f`, `f = open(…)`)
 * used only as `pickle.dump(x, f)`, `f.write(pickle.dumps(x))`, `f.close()`, `f.flush()`.
 */
function pickledHandle(open: SyntaxNode, aliases: ReadonlyMap<string, string>): boolean {
  const parent = open.parent;
  if (parent?.type === 'argument_list') {
    const call = parent.parent;
    const name = resolved(call?.childForFieldName('function')?.text ?? '', aliases);
    return isPickleCall(name, 'dump') && positional(call!)[0] !== open;
  }
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'write') {
    const call = parent.parent;
    return call?.type === 'call' && isPickleDumps(positional(call)[0], aliases);
  }
  let handle: string | undefined;
  let scope: SyntaxNode | undefined;
  if (parent?.type === 'as_pattern') {
    handle = parent.namedChildren.find((child) => child.type === 'as_pattern_target')?.namedChildren[0]?.text;
    let statement: SyntaxNode | null = parent;
    while (statement && statement.type !== 'with_statement') statement = statement.parent;
    scope = statement?.childForFieldName('body') ?? undefined;
  } else if (parent?.type === 'assignment' && parent.childForFieldName('right') === open) {
    const left = parent.childForFieldName('left');
    handle = left?.type === 'identifier' ? left.text : undefined;
    let body: SyntaxNode | null = parent;
    while (body && body.type !== 'block' && body.type !== 'module') body = body.parent;
    scope = body ?? undefined;
  }
  if (!handle || !scope) return false;
  return usesOnlyForPickle(scope, handle, aliases);
}

function usesOnlyForPickle(scope: SyntaxNode, handle: string, aliases: ReadonlyMap<string, string>): boolean {
  const visit = (node: SyntaxNode): boolean => {
    if (node.type === 'identifier' && node.text === handle) {
      const parent = node.parent;
      if (parent?.type === 'argument_list') {
        const call = parent.parent!;
        const name = resolved(call.childForFieldName('function')?.text ?? '', aliases);
        return isPickleCall(name, 'dump') && positional(call)[0] !== node;
      }
      if (parent?.type === 'attribute' && parent.childForFieldName('object') === node) {
        const method = parent.childForFieldName('attribute')?.text;
        if (method === 'close' || method === 'flush') return true;
        const call = parent.parent;
        return method === 'write' && call?.type === 'call' && isPickleDumps(positional(call)[0], aliases);
      }
      return false;
    }
    return node.namedChildren.every(visit);
  };
  return visit(scope);
}

function isPickleDumps(node: SyntaxNode | undefined, aliases: ReadonlyMap<string, string>): boolean {
  if (node?.type !== 'call') return false;
  return isPickleCall(resolved(node.childForFieldName('function')?.text ?? '', aliases), 'dumps');
}

function isPickleCall(name: string, method: 'dump' | 'dumps'): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.slice(dot + 1) === method && PICKLE_MODULE.test(name.slice(0, dot));
}

/** A dotted name with its first part resolved through the file's imports (`pk.dump` → `pickle.dump`). */
function resolved(text: string, aliases: ReadonlyMap<string, string>): string {
  const dot = text.indexOf('.');
  const head = dot < 0 ? text : text.slice(0, dot);
  const alias = aliases.get(head);
  return alias ? `${alias}${dot < 0 ? '' : text.slice(dot)}` : text;
}

function positional(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).filter(
    (child) => child.type !== 'keyword_argument' && child.type !== 'comment',
  );
}

function keyword(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  const found = args?.namedChildren.find(
    (child) => child.type === 'keyword_argument' && child.childForFieldName('name')?.text === name,
  );
  return found?.childForFieldName('value') ?? undefined;
}

/** Names assigned exactly once in the file, to a plain string literal (`CACHE = "cache.pkl"`). */
function literalNames(root: SyntaxNode): Map<string, string> {
  const assigned = new Map<string, number>();
  const literal = new Map<string, string>();
  const visit = (node: SyntaxNode) => {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier') {
        assigned.set(left.text, (assigned.get(left.text) ?? 0) + 1);
        if (
          node.type === 'assignment' &&
          right?.type === 'string' &&
          !right.namedChildren.some((child) => child.type === 'interpolation')
        )
          literal.set(left.text, stringText(right));
      }
    }
  };
  // pre-order with a stack of its own: a deep tree overflowed a recursive walk (w80)
  preorder(root, visit);
  for (const name of [...literal.keys()]) if (assigned.get(name) !== 1) literal.delete(name);
  return literal;
}
