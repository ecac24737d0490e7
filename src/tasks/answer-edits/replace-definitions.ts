import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * A code block of whole definitions (functions, classes, methods) put in place of the file's
 * definitions of the same names: what most models answer with when they are not forced into a diff.
 * Definitions are found by tree-sitter in the block and in the file; a definition the file has once is
 * replaced (re-indented to where it sits: a method given at column 0 goes back into its class), one the
 * file does not have is added after the last one replaced, an import the file lacks goes after its
 * imports. What cannot be placed without guessing — a name the file defines twice, a statement that is
 * not a definition or an import — is a problem, never a guess: the caller sends it back to the model.
 */

export interface Definition {
  name: string;
  /** 0-based rows of the whole statement (decorators and `export` included), end inclusive */
  startRow: number;
  endRow: number;
  /** members, for a class: its methods and fields */
  members: Definition[];
}

export interface BlockShape {
  definitions: Definition[];
  /** import statements, as written */
  imports: string[];
  /** other top-level statements: what the block has besides definitions and imports */
  others: string[];
  /** the block does not parse cleanly */
  syntaxError: boolean;
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const COMMENT_TYPES = new Set(['comment', 'line_comment', 'block_comment']);
/** Wrappers whose inner definition names the statement (`export function f`, `@dec def f`). */
const WRAPPERS = new Set(['export_statement', 'decorated_definition']);
const CLASS_BODIES = new Set(['block', 'class_body', 'declaration_list', 'field_declaration_list']);

function isDefinitionType(type: string): boolean {
  return /(_definition|_declaration|_item|_signature)$/.test(type) && !IMPORT_TYPES.has(type);
}

/** The name a top-level statement defines, or undefined when it defines none. */
function nameOf(node: SyntaxNode): string | undefined {
  if (WRAPPERS.has(node.type)) {
    const inner =
      node.childForFieldName('declaration') ??
      node.childForFieldName('definition') ??
      node.namedChildren.find((child) => isDefinitionType(child.type));
    return inner ? nameOf(inner) : undefined;
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    const declarators = node.namedChildren.filter((child) => child.type === 'variable_declarator');
    return declarators.length === 1 ? declarators[0]!.childForFieldName('name')?.text : undefined;
  }
  // Python `NAME = …` / `NAME: T = …` at the top level
  if (node.type === 'expression_statement') {
    const assignment = node.namedChildren[0];
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    return left?.type === 'identifier' ? left.text : undefined;
  }
  if (!isDefinitionType(node.type)) return undefined;
  return node.childForFieldName('name')?.text;
}

/** The class body of a definition statement (unwrapped), when it is a class. */
function classBody(node: SyntaxNode): SyntaxNode | undefined {
  const inner = WRAPPERS.has(node.type)
    ? (node.childForFieldName('declaration') ??
      node.childForFieldName('definition') ??
      node.namedChildren.find((child) => isDefinitionType(child.type)))
    : node;
  if (!inner || !/class/.test(inner.type)) return undefined;
  return inner.childForFieldName('body') ?? inner.namedChildren.find((child) => CLASS_BODIES.has(child.type));
}

function definitionOf(node: SyntaxNode, name: string): Definition {
  const body = classBody(node);
  const members: Definition[] = [];
  for (const child of body?.namedChildren ?? []) {
    const member = nameOf(child);
    if (member !== undefined) members.push(definitionOf(child, member));
  }
  return { name, startRow: node.startPosition.row, endRow: node.endPosition.row, members };
}

/** What a block (or a file) holds at its top level. */
export async function shapeOf(language: LanguageId, text: string): Promise<BlockShape> {
  const tree = await parse(language, text);
  try {
    const shape: BlockShape = {
      definitions: [],
      imports: [],
      others: [],
      syntaxError: tree.rootNode.hasError,
    };
    for (const node of tree.rootNode.namedChildren) {
      if (COMMENT_TYPES.has(node.type)) continue;
      if (IMPORT_TYPES.has(node.type)) {
        shape.imports.push(node.text);
        continue;
      }
      const name = nameOf(node);
      if (name === undefined) shape.others.push(node.text.split('\n')[0]!);
      else shape.definitions.push(definitionOf(node, name));
    }
    return shape;
  } finally {
    tree.delete();
  }
}

/** Every definition of a name, at any depth (a method is found inside its class). */
function definitionsNamed(definitions: readonly Definition[], name: string): Definition[] {
  return definitions.flatMap((definition) => [
    ...(definition.name === name ? [definition] : []),
    ...definitionsNamed(definition.members, name),
  ]);
}

/** Lines of code with their common leading whitespace removed. */
export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length)));
}

function indentLines(lines: readonly string[], indent: string): string[] {
  return lines.map((line) => (line.trim() ? indent + line : ''));
}

interface Splice {
  startRow: number;
  /** exclusive */
  endRow: number;
  lines: string[];
  what: string;
}

export class DefinitionsError extends Error {
  override name = 'DefinitionsError';
}

/**
 * The file's new lines with the block's definitions put in place of the file's own; throws
 * `DefinitionsError` (with what to do) when the block cannot be placed without guessing.
 */
export async function replaceDefinitions({
  path,
  language,
  fileLines,
  blockLines,
}: {
  path: string;
  language: LanguageId;
  fileLines: readonly string[];
  blockLines: readonly string[];
}): Promise<string[]> {
  const block = dedent(blockLines);
  const blockShape = await shapeOf(language, block.join('\n'));
  const fileShape = await shapeOf(language, fileLines.join('\n'));
  if (blockShape.syntaxError)
    throw new DefinitionsError(
      `the code block for ${path} does not parse as ${language} on its own, so its definitions cannot be placed`,
    );
  if (blockShape.others.length > 0)
    throw new DefinitionsError(
      `the code block for ${path} is not the whole file (it leaves out ${missingNames(fileShape, blockShape)}), and it has code outside any definition (\`${blockShape.others[0]!.trim()}\`), so where it goes is a guess`,
    );
  const splices: Splice[] = [];
  /** the splices of top-level definitions: new definitions go after the last of them */
  const topLevel: Splice[] = [];
  const added: string[][] = [];
  const place = (given: Definition, into: readonly Definition[]): void => {
    const text = block.slice(given.startRow, given.endRow + 1);
    // a top-level definition of the name first; else a method of that name (a method given alone)
    const atTop = into.filter((definition) => definition.name === given.name);
    const found = atTop.length > 0 ? atTop : definitionsNamed(into, given.name);
    if (found.length > 1)
      throw new DefinitionsError(
        `\`${given.name}\` is defined ${found.length} times in ${path} (lines ${found.map((each) => each.startRow + 1).join(', ')}), so which one the block replaces is a guess`,
      );
    const target = found[0];
    if (!target) {
      added.push(text);
      return;
    }
    // a class given with fewer members than the file's: its members replace the file's one by one
    const blockMembers = given.members;
    if (
      target.members.length > 0 &&
      blockMembers.length > 0 &&
      target.members.some((member) => !blockMembers.some((each) => each.name === member.name))
    ) {
      for (const member of blockMembers) placeMember(member, target);
      return;
    }
    const indent = /^[ \t]*/.exec(fileLines[target.startRow] ?? '')![0];
    const splice = {
      startRow: target.startRow,
      endRow: target.endRow + 1,
      lines: indentLines(dedent(text), indent),
      what: given.name,
    };
    splices.push(splice);
    if (indent === '') topLevel.push(splice);
  };
  const placeMember = (member: Definition, owner: Definition): void => {
    const text = block.slice(member.startRow, member.endRow + 1);
    const found = owner.members.filter((each) => each.name === member.name);
    if (found.length > 1)
      throw new DefinitionsError(
        `\`${owner.name}.${member.name}\` is defined ${found.length} times in ${path}, so which one the block replaces is a guess`,
      );
    const indent = /^[ \t]*/.exec(fileLines[(found[0] ?? owner.members.at(-1)!).startRow] ?? '')![0];
    const lines = indentLines(dedent(text), indent);
    if (found[0]) {
      splices.push({ startRow: found[0].startRow, endRow: found[0].endRow + 1, lines, what: member.name });
      return;
    }
    // a new member goes after the class's last one
    const last = owner.members.at(-1)!;
    splices.push({
      startRow: last.endRow + 1,
      endRow: last.endRow + 1,
      lines: language === 'python' ? ['', ...lines] : lines,
      what: member.name,
    });
  };
  for (const given of blockShape.definitions) place(given, fileShape.definitions);
  if (splices.length === 0)
    throw new DefinitionsError(
      blockShape.definitions.length === 0
        ? `the code block for ${path} has no definition to put in place`
        : `none of the definitions in the code block (${blockShape.definitions.map((each) => `\`${each.name}\``).join(', ')}) is in ${path}, so it is not a change to it: give the whole file, or name the file whose definitions these are`,
    );
  const sorted = [...splices].sort((a, b) => a.startRow - b.startRow);
  for (let index = 1; index < sorted.length; index++)
    if (sorted[index]!.startRow < sorted[index - 1]!.endRow)
      throw new DefinitionsError(
        `the block gives both \`${sorted[index - 1]!.what}\` and \`${sorted[index]!.what}\`, which is inside it: give one of them`,
      );
  const lines = [...fileLines];
  // new definitions after the last one replaced, separated as the language's style has it
  if (added.length > 0) {
    const gap = language === 'python' ? ['', ''] : [''];
    const news = added.flatMap((text) => [...gap, ...dedent(text)]);
    const after = topLevel.sort((a, b) => a.startRow - b.startRow).at(-1);
    if (after) after.lines = [...after.lines, ...news];
    else sorted.push({ startRow: fileLines.length, endRow: fileLines.length, lines: news, what: '' });
  }
  for (const splice of [...sorted].reverse())
    lines.splice(splice.startRow, splice.endRow - splice.startRow, ...splice.lines);
  // imports the block has and the file lacks, after the file's last import (or at its top)
  const missing = blockShape.imports.filter(
    (statement) => !fileShape.imports.some((have) => have.trim() === statement.trim()),
  );
  if (missing.length > 0) {
    const lastImport = fileImportEnd(lines, fileShape);
    lines.splice(lastImport, 0, ...missing.flatMap((statement) => statement.split('\n')));
  }
  return lines;
}

/** The row after the file's last top-level import (0 when it has none). */
function fileImportEnd(lines: readonly string[], shape: BlockShape): number {
  const last = shape.imports.at(-1);
  if (!last) return 0;
  const firstLine = last.split('\n')[0]!;
  const row = lines.indexOf(firstLine);
  return row === -1 ? 0 : row + last.split('\n').length;
}

function missingNames(file: BlockShape, block: BlockShape): string {
  const names = file.definitions
    .map((definition) => definition.name)
    .filter((name) => !block.definitions.some((each) => each.name === name));
  return names.length ? names.map((name) => `\`${name}\``).join(', ') : 'some of it';
}

/**
 * Whether a block stands for the whole file: it defines every top-level name the file defines (the file
 * has at least one) and, when the file has imports or other top-level code, has some too — a file's one
 * function given alone is that function, and the file's imports stay; or the file defines none and the
 * block is not a few definitions the file lacks.
 */
export async function isWholeFile(
  language: LanguageId,
  fileText: string,
  blockText: string,
): Promise<boolean> {
  const file = await shapeOf(language, fileText);
  const block = await shapeOf(language, dedent(blockText.split('\n')).join('\n'));
  if (file.definitions.length === 0) return block.others.length > 0 || block.definitions.length === 0;
  return (
    file.definitions.every((definition) => block.definitions.some((each) => each.name === definition.name)) &&
    (file.imports.length === 0 || block.imports.length > 0) &&
    (file.others.length === 0 || block.others.length > 0)
  );
}
