/**
 * The seccomp filter every sandboxed program runs under (bubblewrap `--seccomp FD` loads it just before
 * the program starts). It is a short deny list, not an allow list: programs under test use every ordinary
 * system call, and the namespaces and limits do the containing. What it refuses:
 * - new user namespaces (`clone`/`unshare` with CLONE_NEWUSER; `clone3` answers ENOSYS, so the C library
 *   falls back to `clone`, whose flags a filter can read). A nested user namespace would hand the program
 *   every capability inside it — the kernel surface behind many container escapes;
 * - `open_by_handle_at`: as root the program holds CAP_DAC_READ_SEARCH in its own namespace (to read a
 *   private project, see identity.ts), and file handles are how that capability was abused to reach files
 *   outside a container;
 * - kernel keyrings, eBPF, perf events, userfaultfd, kexec and kernel modules.
 * Programs of another ABI (32-bit x86, x32) are killed: their system call numbers differ, so the table
 * below would not apply to them.
 */

const CLONE_NEWUSER = 0x10000000;
const EPERM = 1;
const ENOSYS = 38;

const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const retErrno = (errno: number) => 0x00050000 | errno;

// classic BPF opcodes
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JSET_K = 0x45;
const JGE_K = 0x35;
const RET_K = 0x06;

// offsets in struct seccomp_data
const NR = 0;
const ARCH = 4;
const ARG0_LOW = 16; // little-endian: the low 32 bits of args[0]

interface SyscallTable {
  audit: number;
  /** x86-64 also accepts x32 calls (numbers with bit 30 set) */
  x32Bit?: number;
  clone: number;
  unshare: number;
  clone3: number;
  denied: number[];
}

// Numbers from the kernel's syscall tables (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h).
const TABLES: Partial<Record<NodeJS.Architecture, SyscallTable>> = {
  x64: {
    audit: 0xc000003e,
    x32Bit: 0x40000000,
    clone: 56,
    unshare: 272,
    clone3: 435,
    // open_by_handle_at, keyctl, add_key, request_key, bpf, perf_event_open, userfaultfd, kexec_load,
    // kexec_file_load, init_module, finit_module, delete_module
    denied: [304, 250, 248, 249, 321, 298, 323, 246, 320, 175, 313, 176],
  },
  arm64: {
    audit: 0xc00000b7,
    clone: 220,
    unshare: 97,
    clone3: 435,
    denied: [265, 219, 217, 218, 280, 241, 282, 104, 294, 105, 273, 106],
  },
};

interface Instruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const statement = (code: number, k: number): Instruction => ({ code, jt: 0, jf: 0, k });
const jump = ({ code, k, jt, jf }: { code: number; k: number; jt: number; jf: number }): Instruction => ({
  code,
  jt,
  jf,
  k,
});

/** The filter as the kernel's `struct sock_filter[]` bytes, or undefined on an architecture without a table. */
export function seccompFilter(arch: NodeJS.Architecture = process.arch): Buffer | undefined {
  const table = TABLES[arch];
  if (!table) return undefined;
  const program: Instruction[] = [
    statement(LD_W_ABS, ARCH),
    jump({ code: JEQ_K, k: table.audit, jt: 1, jf: 0 }),
    statement(RET_K, RET_KILL_PROCESS),
    statement(LD_W_ABS, NR),
  ];
  if (table.x32Bit !== undefined) {
    program.push(jump({ code: JGE_K, k: table.x32Bit, jt: 0, jf: 1 }), statement(RET_K, RET_KILL_PROCESS));
  }
  for (const nr of table.denied) {
    program.push(jump({ code: JEQ_K, k: nr, jt: 0, jf: 1 }), statement(RET_K, retErrno(EPERM)));
  }
  program.push(jump({ code: JEQ_K, k: table.clone3, jt: 0, jf: 1 }), statement(RET_K, retErrno(ENOSYS)));
  for (const nr of [table.clone, table.unshare]) {
    // nr matches → load the flags argument, test CLONE_NEWUSER; otherwise skip the three instructions
    program.push(
      jump({ code: JEQ_K, k: nr, jt: 0, jf: 3 }),
      statement(LD_W_ABS, ARG0_LOW),
      jump({ code: JSET_K, k: CLONE_NEWUSER, jt: 0, jf: 1 }),
      statement(RET_K, retErrno(EPERM)),
    );
    // the accumulator now holds the flags, not the number: reload it for the next comparison
    program.push(statement(LD_W_ABS, NR));
  }
  program.push(statement(RET_K, RET_ALLOW));
  const bytes = Buffer.alloc(program.length * 8);
  program.forEach((instruction, index) => {
    bytes.writeUInt16LE(instruction.code, index * 8);
    bytes.writeUInt8(instruction.jt, index * 8 + 2);
    bytes.writeUInt8(instruction.jf, index * 8 + 3);
    bytes.writeUInt32LE(instruction.k >>> 0, index * 8 + 4);
  });
  return bytes;
}
