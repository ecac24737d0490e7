import type { FunctionDef, Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { closureDef } from './summaries.js';
import { parameterNames } from './syntax-nodes.js';
import { CLEAN, type Value } from './taint.js';

/**
 * Classes defined inside a running function or callback (w121): their methods close over its variables as a
 * nested function does (`cmd = request.args["q"]`, then `class Runner:` with `def run(self): os.system(cmd)`).
 * A method or constructor of such a class called where the class is in sight runs in place, as a closure's call
 * does (calls.ts), its first parameter (`self`, `cls`; JavaScript's `this`) holding the receiver. A summary made
 * on its own sees none of the caller's variables, and a JavaScript class inside a callback has no summary at all.
 */

/** A class statement ran: `name` is that class from here on in the running code. */
export function classDefined(it: Interpreter, name: string | undefined, node: SyntaxNode): void {
  if (!name || it.running.length === 0) return;
  const held = it.nestedClasses.get(name);
  if (!held) it.nestedClasses.set(name, [node]);
  else if (!held.includes(node)) held.push(node);
}

/** A call that reaches a method of a class defined in the running code. */
export interface NestedCall {
  fn: FunctionDef;
  /** the names the receiver goes to (`self`, `cls`, `this`), then one entry of names per argument */
  receiverNames: string[];
  receiver: Value;
  parameters: string[][];
  /** `Runner()`, `new Runner()`: the constructor runs; the call's value is the new object, not what it returns */
  constructs: boolean;
  /**
   * the other methods the call may reach, each run in place as well (review r29 F5): the name held more than
   * one class in the running code (`r = R()`, then a second `class R`, then `r.run()`)
   */
  others: NestedCall[];
}

/**
 * The method a call reaches in a class the running code defined: `Runner().run()`, `r.run()` after `r =
 * Runner()`, `new Runner().run()`, `Runner.run()` of a static or class method, and the constructor of
 * `Runner(…)`/`new Runner(…)`; a method read off an instance (`f = Runner().run; f()`, `getattr(Runner(),
 * "run")()`), one the class inherits from a base the running code defined (`class B(A)`, `class B extends A`)
 * and `super().run()` (review r29 F5). Undefined for a class defined elsewhere (its methods are summarised on
 * their own) and for a method running now (recursion: its summary applies).
 */
export function nestedCall({
  it,
  calleeNode,
  calleePath,
  receiver,
  method,
  constructs,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  /** the callee's value's path: `R().run` for `getattr(R(), "run")` or `f` after `f = R().run` */
  calleePath: string | undefined;
  receiver: Value | undefined;
  method: string | undefined;
  constructs: boolean;
}): NestedCall | undefined {
  if (it.nestedClasses.size === 0 || it.running.length === 0) return undefined;
  const python = it.language === 'python';
  let classes: SyntaxNode[] = [];
  let methodName: string | undefined;
  let through: 'instance' | 'class' = 'instance';
  let object = receiver;
  let construct = false;
  const bound = method === undefined ? calleePath?.match(BOUND_METHOD) : undefined;
  if (bound && bound[1] !== calleeNode.text) {
    // a method read off an instance, called later or through getattr: `f = R().run; f()` (review r29 F5)
    classes = classesNamed(it, bound[2]!);
    methodName = bound[3];
    object = { path: bound[1], rawPath: bound[1] };
  } else if (method === undefined && calleeNode.type === 'identifier' && (python || constructs)) {
    classes = classesNamed(it, calleeNode.text);
    methodName = python ? '__init__' : 'constructor';
    construct = true;
  } else if (method !== undefined && receiver) {
    const instance = receiver.path?.match(INSTANCE)?.[1];
    if (python && receiver.path === 'super()') {
      // `super().run()` in a method of a class the running code defined: its bases' (review r29 F5)
      const own = enclosingClass(calleeNode);
      classes = own ? bases(it, own) : [];
      object = it.lookup('self') ?? receiver;
    } else if (instance) classes = classesNamed(it, instance);
    else if (receiver.path !== undefined && NAME.test(receiver.path) && !it.lookup(receiver.path)) {
      classes = classesNamed(it, receiver.path);
      through = 'class';
    }
    methodName = method;
  }
  if (classes.length === 0 || !methodName) return undefined;
  const found: Omit<NestedCall, 'others'>[] = [];
  const seen = new Set<SyntaxNode>();
  // the latest class of the name first
  for (const classNode of [...classes].reverse()) {
    const member = memberOf({ it, classNode, name: methodName, python });
    // a method running now calls itself back (`self.walk(child)` in `walk`, `R(n - 1)` in `__init__`, two
    // methods calling each other): the call applies its summary, as a nested function's recursion does (review
    // r29 F4)
    if (!member || seen.has(member.node) || it.isRunning(member.node)) continue;
    seen.add(member.node);
    const className =
      classNode.childForFieldName('name')?.text ?? classes[0]!.childForFieldName('name')?.text;
    const call = reached({
      it,
      member,
      methodName,
      className: className ?? '',
      through,
      object,
      python,
      constructs: construct,
    });
    if (call) found.push(call);
  }
  const [first, ...others] = found;
  return first ? { ...first, others: others.map((other) => ({ ...other, others: [] })) } : undefined;
}

function reached({
  it,
  member,
  methodName,
  className,
  through,
  object,
  python,
  constructs,
}: {
  it: Interpreter;
  member: { node: SyntaxNode; decorators: string[] };
  methodName: string;
  className: string;
  through: 'instance' | 'class';
  object: Value | undefined;
  python: boolean;
  /** the constructor of `R(…)`/`new R(…)` */
  constructs: boolean;
}): Omit<NestedCall, 'others'> | undefined {
  const isStatic = staticMember(member.node, member.decorators, python);
  // a static method is not reached through an instance in JavaScript; an instance method through its class
  // takes its receiver as the first argument, a form not followed here
  if (through === 'class' ? !isStatic : !python && isStatic) return undefined;
  const parameters = ownParameters(member.node);
  const takesReceiver = python && !member.decorators.includes('staticmethod');
  const receiverNames = takesReceiver ? (parameters.shift() ?? []) : python ? [] : ['this'];
  const fn = it.functionAt(member.node) ?? closureDef(methodName, member.node);
  const receiverValue: Value =
    constructs || object === undefined
      ? { path: `${python ? '' : 'new '}${className}()`, rawPath: `${python ? '' : 'new '}${className}()` }
      : member.decorators.includes('classmethod') && through === 'instance'
        ? { path: className, rawPath: className }
        : object!;
  return { fn, receiverNames, receiver: receiverValue, parameters, constructs };
}

/** Every class the name held in the running code, in the order defined. */
function classesNamed(it: Interpreter, name: string): SyntaxNode[] {
  return (it.nestedClasses.get(name) ?? []).filter((node) => inRunningCode(it, node));
}

/** The class whose method holds `node` (Python). */
function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  let fn: SyntaxNode | null = node.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  let up = fn?.parent ?? null;
  if (up?.type === 'decorated_definition') up = up.parent;
  up = up?.type === 'block' ? up.parent : null;
  return up?.type === 'class_definition' ? up : undefined;
}

/** The classes of the running code a class names as its bases (`class B(A)`, `class B extends A`). */
function bases(it: Interpreter, classNode: SyntaxNode): SyntaxNode[] {
  const list =
    classNode.childForFieldName('superclasses')?.namedChildren ??
    classNode.namedChildren.find((child) => child.type === 'class_heritage')?.namedChildren ??
    [];
  return list.filter((base) => base.type === 'identifier').flatMap((base) => classesNamed(it, base.text));
}

/** The method `name` of the class or, when it defines none, of its bases in the running code (a few deep). */
function memberOf({
  it,
  classNode,
  name,
  python,
  depth = 0,
}: {
  it: Interpreter;
  classNode: SyntaxNode;
  name: string;
  python: boolean;
  depth?: number;
}): { node: SyntaxNode; decorators: string[] } | undefined {
  const own = memberNamed(classNode, name, python);
  if (own || depth >= MAX_BASE_DEPTH) return own;
  for (const base of bases(it, classNode)) {
    if (base === classNode) continue;
    const inherited = memberOf({ it, classNode: base, name, python, depth: depth + 1 });
    if (inherited) return inherited;
  }
  return undefined;
}

const MAX_BASE_DEPTH = 8;
const BOUND_METHOD = /^((?:new )?([A-Za-z_$][\w$]*)\(\))\.([A-Za-z_$][\w$]*)$/;
const INSTANCE = /^(?:new )?([A-Za-z_$][\w$]*)\(\)$/;
const NAME = /^[A-Za-z_$][\w$]*$/;

/** Whether `node` lies in the body of a function running now and is not running itself. */
function inRunningCode(it: Interpreter, node: SyntaxNode): boolean {
  if (it.isRunning(node)) return false;
  return it.running.some((body) => node.startIndex > body.startIndex && node.endIndex <= body.endIndex);
}

/** The class body's own method `name`, with the names of its decorators (Python's). */
function memberNamed(
  classNode: SyntaxNode,
  name: string,
  python: boolean,
): { node: SyntaxNode; decorators: string[] } | undefined {
  for (const member of classNode.childForFieldName('body')?.namedChildren ?? []) {
    if (python) {
      const definition =
        member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      if (definition?.type !== 'function_definition') continue;
      if (definition.childForFieldName('name')?.text !== name) continue;
      const decorators =
        member.type === 'decorated_definition'
          ? member.namedChildren
              .filter((child) => child.type === 'decorator')
              .map((decorator) => decorator.text.replace(/^@\s*/, '').trim())
          : [];
      return { node: definition, decorators };
    }
    if (member.type === 'method_definition' && member.childForFieldName('name')?.text === name)
      return { node: member, decorators: [] };
  }
  return undefined;
}

function staticMember(node: SyntaxNode, decorators: readonly string[], python: boolean): boolean {
  if (python) return decorators.includes('staticmethod') || decorators.includes('classmethod');
  return /^static\b/.test(node.text);
}

/** The names each parameter binds, in order (the receiver's first, for a Python method). */
function ownParameters(node: SyntaxNode): string[][] {
  const list = node.childForFieldName('parameters');
  return (list?.namedChildren ?? [])
    .filter((child) => child.type !== 'comment')
    .map((parameter) => parameterNames(parameter));
}

/** What the method's names hold when it runs in place: the receiver, then the arguments by place or keyword. */
export function inPlaceArguments(
  call: NestedCall,
  site: { args: readonly Value[]; keywords: ReadonlyMap<string, Value> },
): { names: string[]; value: Value; whole?: boolean }[] {
  return [
    { names: call.receiverNames, value: call.receiver, whole: true },
    ...call.parameters.map((names, index) => ({
      names,
      value:
        site.args[index] ?? names.map((name) => site.keywords.get(name.toLowerCase())).find(Boolean) ?? CLEAN,
    })),
  ];
}
