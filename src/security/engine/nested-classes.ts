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
  if (name && it.running.length > 0) it.nestedClasses.set(name, node);
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
}

/**
 * The method a call reaches in a class the running code defined: `Runner().run()`, `r.run()` after `r =
 * Runner()`, `new Runner().run()`, `Runner.run()` of a static or class method, and the constructor of
 * `Runner(…)`/`new Runner(…)`. Undefined for a class defined elsewhere (its methods are summarised on their
 * own), for a method the class does not define itself (one of its bases') and for a method running now
 * (recursion: its summary applies).
 */
export function nestedCall({
  it,
  calleeNode,
  receiver,
  method,
  constructs,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  receiver: Value | undefined;
  method: string | undefined;
  constructs: boolean;
}): NestedCall | undefined {
  if (it.nestedClasses.size === 0 || it.running.length === 0) return undefined;
  const python = it.language === 'python';
  let className: string | undefined;
  let methodName: string | undefined;
  let through: 'instance' | 'class' = 'instance';
  if (method === undefined && calleeNode.type === 'identifier' && (python || constructs)) {
    className = calleeNode.text;
    methodName = python ? '__init__' : 'constructor';
  } else if (method !== undefined && receiver) {
    const instance = receiver.path?.match(INSTANCE)?.[1];
    if (instance) className = instance;
    else if (receiver.path !== undefined && NAME.test(receiver.path) && !it.lookup(receiver.path)) {
      className = receiver.path;
      through = 'class';
    }
    methodName = method;
  }
  if (!className || !methodName) return undefined;
  const classNode = it.nestedClasses.get(className);
  if (!classNode || !inRunningCode(it, classNode)) return undefined;
  const member = memberNamed(classNode, methodName, python);
  // a method running now calls itself back (`self.walk(child)` in `walk`, `R(n - 1)` in `__init__`, two methods
  // calling each other): the call applies its summary, as a nested function's recursion does (review r29 F4)
  if (!member || it.isRunning(member.node)) return undefined;
  const isStatic = staticMember(member.node, member.decorators, python);
  // a static method is not reached through an instance in JavaScript; an instance method through its class
  // takes its receiver as the first argument, a form not followed here
  if (through === 'class' ? !isStatic : !python && isStatic) return undefined;
  const parameters = ownParameters(member.node);
  const takesReceiver = python && !member.decorators.includes('staticmethod');
  const receiverNames = takesReceiver ? (parameters.shift() ?? []) : python ? [] : ['this'];
  const fn = it.functionAt(member.node) ?? closureDef(methodName, member.node);
  const object: Value =
    constructs || method === undefined
      ? { path: `${python ? '' : 'new '}${className}()`, rawPath: `${python ? '' : 'new '}${className}()` }
      : member.decorators.includes('classmethod') && through === 'instance'
        ? { path: className, rawPath: className }
        : receiver!;
  return {
    fn,
    receiverNames,
    receiver: object,
    parameters,
    constructs: method === undefined,
  };
}

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
