/**
 * The repo map's numeric loops (the shares of each file pair, personalised PageRank, the ranks flowing to
 * definitions and symbols) as a small WebAssembly module. A cold CLI process runs these loops once, over
 * 48,407 file pairs and 59,674 edges on Django: in JavaScript they ran in V8's interpreter until its
 * optimising compiler caught up (≈ 30–45 ms of CPU cold, 3 ms warm); WebAssembly is compiled before it
 * runs (V8's baseline compiler takes well under a millisecond for this module), so the first call is as
 * fast as the later ones.
 *
 * The results are bit for bit those of the JavaScript loops they replace (repo-map.test.ts compares them
 * with a plain JavaScript reference on random graphs): WebAssembly's f64 arithmetic is IEEE 754 with
 * round-to-nearest like JavaScript's numbers, nothing is fused or reordered, and every sum runs in the same
 * order. Constants (the damping factor and its complement, the boost) are passed in as computed by
 * JavaScript.
 *
 * The module is assembled here from its instructions (no toolchain, no binary file in the repository);
 * each kernel's JavaScript equivalent is written above it.
 */
import type { ReferenceGraph } from './reference-graph.js';

// Value types, block types and the instructions used.
const I32 = 0x7f;
const F64 = 0x7c;
const VOID = 0x40;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const ELSE = 0x05;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const GET = 0x20;
const SET = 0x21;
const I32_LOAD = [0x28, 2, 0];
const I32_LOAD8_U = [0x2d, 0, 0];
const F64_LOAD = [0x2b, 3, 0];
const F64_STORE = [0x39, 3, 0];
const I32_CONST = 0x41;
const F64_CONST = 0x44;
const I32_GE_S = 0x4e;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const F64_EQ = 0x61;
const F64_LT = 0x63;
const F64_GT = 0x64;
const F64_ABS = 0x99;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const F64_MUL = 0xa2;
const F64_DIV = 0xa3;
const SELECT = 0x1b;

type Code = number[];

function unsigned(value: number): Code {
  const out: Code = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function signed(value: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const get = (local: number): Code => [GET, ...unsigned(local)];
const set = (local: number): Code => [SET, ...unsigned(local)];
const i32 = (value: number): Code => [I32_CONST, ...signed(value)];
const f64 = (value: number): Code => [F64_CONST, ...new Uint8Array(Float64Array.of(value).buffer)];
/** the address of element `index` (code leaving an i32) of the array at byte offset `base` (a local) */
const at = (base: number, index: Code, shift: number): Code => [
  ...get(base),
  ...index,
  ...i32(shift),
  I32_SHL,
  I32_ADD,
];
const loadF64 = (base: number, index: Code): Code => [...at(base, index, 3), ...F64_LOAD];
const loadI32 = (base: number, index: Code): Code => [...at(base, index, 2), ...I32_LOAD];
/** for (counter = start; counter < limit; counter++) body — inside body, `br 0` continues, `br 1` breaks */
const loop = (counter: number, start: Code, limit: Code, body: Code): Code => [
  ...start,
  ...set(counter),
  BLOCK,
  VOID,
  LOOP,
  VOID,
  ...get(counter),
  ...limit,
  I32_GE_S,
  BR_IF,
  1,
  ...body,
  ...get(counter),
  ...i32(1),
  I32_ADD,
  ...set(counter),
  BR,
  0,
  END,
  END,
];

interface Kernel {
  name: string;
  params: number[];
  locals: number[];
  body: Code;
}

/** for (p < pairs) share[p] = (damping * pairWeight[p]) / outWeight[pairFrom[p]] */
const shares: Kernel = (() => {
  const [pairs, pairWeight, outWeight, pairFrom, share, damping, p] = [0, 1, 2, 3, 4, 5, 6];
  return {
    name: 'shares',
    params: [I32, I32, I32, I32, I32, F64],
    locals: [I32],
    body: loop(p, i32(0), get(pairs), [
      ...at(share, get(p), 3),
      ...get(damping),
      ...loadF64(pairWeight, get(p)),
      F64_MUL,
      ...loadF64(outWeight, loadI32(pairFrom, get(p))),
      F64_DIV,
      ...F64_STORE,
    ]),
  };
})();

/**
 * rank starts as personal; Gauss–Seidel sweeps (see repo-map.ts):
 *   for (iteration < iterations) {
 *     dangling = 0; for (file < n) if (outWeight[file] === 0) dangling += rank[file];
 *     teleport = (1 - damping) + damping * dangling; moved = 0;
 *     for (file < n) {
 *       value = teleport * personal[file];
 *       for (pair = targetStart[file]; pair < targetStart[file + 1]; pair++) value += rank[from[pair]] * share[pair];
 *       moved += Math.abs(value - rank[file]); rank[file] = value;
 *     }
 *     if (moved < tolerance) break;
 *   }
 *   total = 0; for (file < n) total += rank[file]; if (total > 0) for (file < n) rank[file] /= total;
 */
const pageRank: Kernel = (() => {
  const [n, from, targetStart, share, outWeight, personal, rank, iterations] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [tolerance, oneMinusDamping, damping] = [8, 9, 10];
  const [iteration, file, pair, end, dangling, teleport, moved, value, total] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19,
  ];
  const fileAddress = at(rank, get(file), 3);
  return {
    name: 'pageRank',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64],
    locals: [I32, I32, I32, I32, F64, F64, F64, F64, F64],
    body: [
      ...loop(iteration, i32(0), get(iterations), [
        ...f64(0),
        ...set(dangling),
        ...loop(file, i32(0), get(n), [
          ...loadF64(outWeight, get(file)),
          ...f64(0),
          F64_EQ,
          IF,
          VOID,
          ...get(dangling),
          ...loadF64(rank, get(file)),
          F64_ADD,
          ...set(dangling),
          END,
        ]),
        ...get(oneMinusDamping),
        ...get(damping),
        ...get(dangling),
        F64_MUL,
        F64_ADD,
        ...set(teleport),
        ...f64(0),
        ...set(moved),
        ...loop(file, i32(0), get(n), [
          ...get(teleport),
          ...loadF64(personal, get(file)),
          F64_MUL,
          ...set(value),
          ...loadI32(targetStart, [...get(file), ...i32(1), I32_ADD]),
          ...set(end),
          ...loop(pair, loadI32(targetStart, get(file)), get(end), [
            ...get(value),
            ...loadF64(rank, loadI32(from, get(pair))),
            ...loadF64(share, get(pair)),
            F64_MUL,
            F64_ADD,
            ...set(value),
          ]),
          ...get(moved),
          ...get(value),
          ...fileAddress,
          ...F64_LOAD,
          F64_SUB,
          F64_ABS,
          F64_ADD,
          ...set(moved),
          ...fileAddress,
          ...get(value),
          ...F64_STORE,
        ]),
        // if (moved < tolerance) break: depth 1 is the iteration loop's block
        ...get(moved),
        ...get(tolerance),
        F64_LT,
        BR_IF,
        1,
      ]),
      ...f64(0),
      ...set(total),
      ...loop(file, i32(0), get(n), [...get(total), ...loadF64(rank, get(file)), F64_ADD, ...set(total)]),
      ...get(total),
      ...f64(0),
      F64_GT,
      IF,
      VOID,
      ...loop(file, i32(0), get(n), [
        ...fileAddress,
        ...fileAddress,
        ...F64_LOAD,
        ...get(total),
        F64_DIV,
        ...F64_STORE,
      ]),
      END,
    ],
  };
})();

/**
 * perWeight and definitionRank start at zero:
 *   for (file < n) if (outWeight[file] > 0) perWeight[file] = rank[file] / outWeight[file];
 *   for (edge < count) {
 *     value = base[edge] * perWeight[from[edge]];
 *     definitionRank[definition[edge]] += focusName[name[edge]] ? value * boost : value;
 *   }
 */
const definitionRanks: Kernel = (() => {
  const [n, outWeight, rank, perWeight, count, base, from, definition, name, focusName, definitionRank] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ];
  const [boost, file, edge, value, address] = [11, 12, 13, 14, 15];
  return {
    name: 'definitionRanks',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64],
    locals: [I32, I32, F64, I32],
    body: [
      ...loop(file, i32(0), get(n), [
        ...loadF64(outWeight, get(file)),
        ...f64(0),
        F64_GT,
        IF,
        VOID,
        ...at(perWeight, get(file), 3),
        ...loadF64(rank, get(file)),
        ...loadF64(outWeight, get(file)),
        F64_DIV,
        ...F64_STORE,
        END,
      ]),
      ...loop(edge, i32(0), get(count), [
        ...loadF64(base, get(edge)),
        ...loadF64(perWeight, loadI32(from, get(edge))),
        F64_MUL,
        ...set(value),
        ...at(definitionRank, loadI32(definition, get(edge)), 3),
        ...set(address),
        ...get(address),
        ...get(address),
        ...F64_LOAD,
        ...get(value),
        ...get(boost),
        F64_MUL,
        ...get(value),
        ...get(focusName),
        ...loadI32(name, get(edge)),
        I32_ADD,
        ...I32_LOAD8_U,
        SELECT,
        F64_ADD,
        ...F64_STORE,
      ]),
    ],
  };
})();

/** for (index < count) symbolRank[index] = key[index] >= 0 ? definitionRank[key[index]] : rank[symbolFile[index]] * share */
const symbolRanks: Kernel = (() => {
  const [count, symbolKey, symbolFile, definitionRank, rank, symbolRank, share, index, key] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8,
  ];
  return {
    name: 'symbolRanks',
    params: [I32, I32, I32, I32, I32, I32, F64],
    locals: [I32, I32],
    body: loop(index, i32(0), get(count), [
      ...at(symbolRank, get(index), 3),
      ...loadI32(symbolKey, get(index)),
      ...set(key),
      ...get(key),
      ...i32(0),
      I32_GE_S,
      IF,
      F64,
      ...loadF64(definitionRank, get(key)),
      ELSE,
      ...loadF64(rank, loadI32(symbolFile, get(index))),
      ...get(share),
      F64_MUL,
      END,
      ...F64_STORE,
    ]),
  };
})();

const KERNELS = [shares, pageRank, definitionRanks, symbolRanks];

const bytes = (text: string): Code => [...unsigned(text.length), ...[...text].map((c) => c.charCodeAt(0))];
const vector = (items: Code[]): Code => [...unsigned(items.length), ...items.flat()];
const section = (id: number, content: Code): Code => [id, ...unsigned(content.length), ...content];

/** The module's bytes: one type and one function per kernel, the memory imported as env.memory. */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  const types = KERNELS.map((kernel) => [0x60, ...vector(kernel.params.map((t) => [t])), 0]);
  const imports = [[...bytes('env'), ...bytes('memory'), 0x02, 0x00, 0x00]];
  const functions = KERNELS.map((_, index) => unsigned(index));
  const exports = KERNELS.map((kernel, index) => [...bytes(kernel.name), 0x00, ...unsigned(index)]);
  const code = KERNELS.map((kernel) => {
    const body = [...vector(kernel.locals.map((t) => [1, t])), ...kernel.body, END];
    return [...unsigned(body.length), ...body];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(2, vector(imports)),
    ...section(3, vector(functions)),
    ...section(7, vector(exports)),
    ...section(10, vector(code)),
  ]);
}

let compiled: WebAssembly.Module | undefined;

interface Exports {
  shares(
    pairs: number,
    pairWeight: number,
    outWeight: number,
    pairFrom: number,
    share: number,
    damping: number,
  ): void;
  pageRank(
    n: number,
    from: number,
    targetStart: number,
    share: number,
    outWeight: number,
    personal: number,
    rank: number,
    iterations: number,
    tolerance: number,
    oneMinusDamping: number,
    damping: number,
  ): void;
  definitionRanks(
    n: number,
    outWeight: number,
    rank: number,
    perWeight: number,
    count: number,
    base: number,
    from: number,
    definition: number,
    name: number,
    focusName: number,
    definitionRank: number,
    boost: number,
  ): void;
  symbolRanks(
    count: number,
    symbolKey: number,
    symbolFile: number,
    definitionRank: number,
    rank: number,
    symbolRank: number,
    share: number,
  ): void;
}

/**
 * A graph's arrays in one WebAssembly memory, with the kernels over them: the graph's own arrays are
 * copied in once (kept per graph), the per-request ones are views the caller fills before each call.
 */
export class RankWorkspace {
  readonly pairWeight: Float64Array;
  readonly outWeight: Float64Array;
  readonly personal: Float64Array;
  readonly rank: Float64Array;
  readonly definitionRank: Float64Array;
  readonly symbolRank: Float64Array;
  readonly focusName: Uint8Array;
  private readonly perWeight: Float64Array;
  private readonly offsets: Record<string, number>;
  private readonly kernels: Exports;

  constructor(private readonly graph: ReferenceGraph) {
    const edges = graph.edges;
    const n = graph.paths.length;
    const symbols = graph.symbolFile.length;
    // Every array at a multiple of 8 bytes: doubles first, then 32-bit integers, then bytes.
    const layout: [string, 'f64' | 'i32' | 'u8', number][] = [
      ['pairWeight', 'f64', edges.pairs],
      ['share', 'f64', edges.pairs],
      ['base', 'f64', edges.count],
      ['outWeight', 'f64', n],
      ['personal', 'f64', n],
      ['rank', 'f64', n],
      ['perWeight', 'f64', n],
      ['definitionRank', 'f64', edges.definitionKeys],
      ['symbolRank', 'f64', symbols],
      ['pairFrom', 'i32', edges.pairs],
      ['targetStart', 'i32', n + 1],
      ['from', 'i32', edges.count],
      ['definition', 'i32', edges.count],
      ['name', 'i32', edges.count],
      ['symbolKey', 'i32', symbols],
      ['symbolFile', 'i32', symbols],
      ['focusName', 'u8', graph.names.length],
    ];
    const offsets: Record<string, number> = {};
    let offset = 0;
    for (const [name, kind, length] of layout) {
      offsets[name] = offset;
      offset += Math.ceil((length * (kind === 'f64' ? 8 : kind === 'i32' ? 4 : 1)) / 8) * 8;
    }
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(offset / 65536)) });
    compiled ??= new WebAssembly.Module(kernelModuleBytes());
    this.kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Exports;
    const buffer = memory.buffer;
    const f64 = (name: string, length: number) => new Float64Array(buffer, offsets[name], length);
    const i32 = (name: string, length: number) => new Int32Array(buffer, offsets[name], length);
    this.pairWeight = f64('pairWeight', edges.pairs);
    this.outWeight = f64('outWeight', n);
    this.personal = f64('personal', n);
    this.rank = f64('rank', n);
    this.perWeight = f64('perWeight', n);
    this.definitionRank = f64('definitionRank', edges.definitionKeys);
    this.symbolRank = f64('symbolRank', symbols);
    this.focusName = new Uint8Array(buffer, offsets.focusName, graph.names.length);
    f64('base', edges.count).set(edges.base);
    i32('pairFrom', edges.pairs).set(edges.pairFrom);
    i32('targetStart', n + 1).set(edges.targetStart);
    i32('from', edges.count).set(edges.from);
    i32('definition', edges.count).set(edges.definition);
    i32('name', edges.count).set(edges.name);
    i32('symbolKey', symbols).set(edges.symbolKey);
    i32('symbolFile', symbols).set(graph.symbolFile);
    this.offsets = offsets;
  }

  /** share of each pair, from `pairWeight` and `outWeight` as the caller filled them */
  shares(damping: number): void {
    const o = this.offsets;
    this.kernels.shares(this.graph.edges.pairs, o.pairWeight!, o.outWeight!, o.pairFrom!, o.share!, damping);
  }

  /** `rank` from `personal` (copied in first) and the shares */
  pageRank(iterations: number, tolerance: number, oneMinusDamping: number, damping: number): void {
    const o = this.offsets;
    this.rank.set(this.personal);
    this.kernels.pageRank(
      this.graph.paths.length,
      o.pairFrom!,
      o.targetStart!,
      o.share!,
      o.outWeight!,
      o.personal!,
      o.rank!,
      iterations,
      tolerance,
      oneMinusDamping,
      damping,
    );
  }

  /** `definitionRank` from `rank`, boosting the edges of names marked in `focusName` */
  definitionRanks(boost: number): void {
    const o = this.offsets;
    const edges = this.graph.edges;
    this.perWeight.fill(0);
    this.definitionRank.fill(0);
    this.kernels.definitionRanks(
      this.graph.paths.length,
      o.outWeight!,
      o.rank!,
      o.perWeight!,
      edges.count,
      o.base!,
      o.from!,
      o.definition!,
      o.name!,
      o.focusName!,
      o.definitionRank!,
      boost,
    );
  }

  /** `symbolRank`: a referenced symbol's definition rank, else `share` of its file's rank */
  symbolRanks(share: number): void {
    const o = this.offsets;
    this.kernels.symbolRanks(
      this.graph.symbolFile.length,
      o.symbolKey!,
      o.symbolFile!,
      o.definitionRank!,
      o.rank!,
      o.symbolRank!,
      share,
    );
  }
}

const workspaces = new WeakMap<ReferenceGraph, RankWorkspace>();

/** The graph's workspace, made on first use and kept while the graph is. */
export function rankWorkspace(graph: ReferenceGraph): RankWorkspace {
  let workspace = workspaces.get(graph);
  if (!workspace) {
    workspace = new RankWorkspace(graph);
    workspaces.set(graph, workspace);
  }
  return workspace;
}
