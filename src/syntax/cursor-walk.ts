import type Parser from 'web-tree-sitter';

/**
 * A depth-first walk over a tree-sitter tree, for code that reads every node once (copying a tree into
 * plain objects). web-tree-sitter 0.22's `TreeCursor` copies its four-word state into WASM memory and
 * back on every call, through Emscripten's generic `setValue`/`getValue`; over a large file that
 * bookkeeping costs as much as the parse. The state lives in the binding's transfer buffer anyway, and
 * the C functions read and update it there, so a walk that makes no other tree-sitter call between
 * steps can call them directly. When the runtime was not captured (another web-tree-sitter build), the
 * walk goes through the public `TreeCursor`, slower but identical.
 */
export interface CursorWalker {
  /** numeric node type (`Language.nodeTypeForId`); 65535 for ERROR */
  typeId(): number;
  isNamed(): boolean;
  startIndex(): number;
  endIndex(): number;
  /** 0 when the node is not in a field */
  fieldId(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** The Emscripten exports the walk uses (web-tree-sitter 0.22's binding.c). */
interface Runtime {
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
}

const EXPORTS = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
] as const;

let runtime: { module: Runtime; transfer: number } | undefined;
let forcePublic = false;
/** false once a tree's root read from memory disagreed with the C getters (another layout): calls only */
let positionsFromMemory = true;

/**
 * tree-sitter 0.22's cursor, as the C functions leave it in the transfer buffer: word 0 the address of
 * its stack of entries, word 1 the stack's size. An entry (28 bytes) is the subtree's address, then its
 * position (bytes, row, column), then three indices; the node starts at the position's bytes (UTF-16, so
 * twice the string index). The subtree (8 bytes) is inline when bit 0 of its first byte is set — its size
 * in bytes is then its byte 7 — or else its first word points to heap data whose size in bytes is at
 * offset 16 (after the reference count and the padding's three words).
 */
const ENTRY_BYTES = 28;

/** Called once with Emscripten's module object when web-tree-sitter initialises. */
export function captureRuntime(module: unknown): void {
  const candidate = module as Partial<Runtime> | undefined;
  if (!candidate || !(candidate.HEAP32 instanceof Int32Array) || !(candidate.HEAPU8 instanceof Uint8Array))
    return;
  if (!EXPORTS.every((name) => typeof candidate[name] === 'function')) return;
  const complete = candidate as Runtime;
  // ts_init only rewrites the version words at the start of the buffer and returns its address.
  runtime = { module: complete, transfer: complete._ts_init() };
}

/** Whether walks take the direct path (for tests comparing both). */
export function directWalkAvailable(): boolean {
  return runtime !== undefined && !forcePublic;
}

/** Whether direct walks read nodes' start and end from WebAssembly memory (tests check that they do). */
export function positionsReadFromMemory(): boolean {
  return directWalkAvailable() && positionsFromMemory;
}

/** Forces the public `TreeCursor` path (tests compare the two walks). */
export function usePublicCursor(value: boolean): void {
  forcePublic = value;
}

/**
 * Runs `visit` with a walker positioned at the root of `tree`. `visit` must not call into tree-sitter
 * other than through the walker: anything else would overwrite the shared cursor state.
 */
export function walkTree<T>(tree: Parser.Tree, visit: (walker: CursorWalker) => T): T {
  const cursor = tree.walk();
  const direct = forcePublic ? undefined : runtime;
  try {
    if (!direct) return visit(publicWalker(cursor));
    const { module } = direct;
    // `tree.walk()` left the new cursor's state in the transfer buffer; `tree[0]` is the tree's address.
    const address = (tree as unknown as Record<number, number>)[0]!;
    const word = direct.transfer >> 2;
    // The start and end are read from WebAssembly memory (no call, no node made) when the root's agree
    // with the getters; the heap views are taken afresh on each read since memory may grow.
    const entry = () => module.HEAP32[word]! + (module.HEAP32[word + 1]! - 1) * ENTRY_BYTES;
    const startFromMemory = () => module.HEAP32[(entry() + 4) >> 2]! >> 1;
    const endFromMemory = () => {
      const at = entry();
      const subtree = module.HEAP32[at >> 2]!;
      const bytes = module.HEAP32[(at + 4) >> 2]!;
      const size =
        (module.HEAPU8[subtree]! & 1) === 1
          ? module.HEAPU8[subtree + 7]!
          : module.HEAP32[(module.HEAP32[subtree >> 2]! + 16) >> 2]!;
      return (bytes + size) >> 1;
    };
    const startByCall = () => module._ts_tree_cursor_start_index_wasm(address);
    const endByCall = () => module._ts_tree_cursor_end_index_wasm(address);
    if (positionsFromMemory && (startFromMemory() !== startByCall() || endFromMemory() !== endByCall()))
      positionsFromMemory = false;
    const fromMemory = positionsFromMemory;
    return visit({
      typeId: () => module._ts_tree_cursor_current_node_type_id_wasm(address),
      isNamed: () => module._ts_tree_cursor_current_node_is_named_wasm(address) === 1,
      startIndex: fromMemory ? startFromMemory : startByCall,
      endIndex: fromMemory ? endFromMemory : endByCall,
      fieldId: () => module._ts_tree_cursor_current_field_id_wasm(address),
      gotoFirstChild: () => module._ts_tree_cursor_goto_first_child_wasm(address) === 1,
      gotoNextSibling: () => module._ts_tree_cursor_goto_next_sibling_wasm(address) === 1,
      gotoParent: () => module._ts_tree_cursor_goto_parent_wasm(address) === 1,
    });
  } finally {
    if (direct) {
      // The cursor's stack may have grown (and moved) during the walk: the JS object takes the current
      // state back so that `delete()` frees the right memory.
      const state = cursor as unknown as Record<number, number>;
      for (let word = 0; word < 4; word++) state[word] = direct.module.HEAP32[(direct.transfer >> 2) + word]!;
    }
    cursor.delete();
  }
}

function publicWalker(cursor: Parser.TreeCursor): CursorWalker {
  return {
    typeId: () => cursor.nodeTypeId,
    isNamed: () => cursor.nodeIsNamed,
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    fieldId: () => cursor.currentFieldId,
    gotoFirstChild: () => cursor.gotoFirstChild(),
    gotoNextSibling: () => cursor.gotoNextSibling(),
    gotoParent: () => cursor.gotoParent(),
  };
}
