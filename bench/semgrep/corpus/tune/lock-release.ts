declare const mutex: { acquire(): void; release(): void };
declare const other: { acquire(): void; release(): void };

export function a(): number {
  // ruleid: lock-never-released
  mutex.acquire();
  const n = 1 + 1;
  return n;
}

export function b(): number {
  // ok: lock-never-released
  mutex.acquire();
  const n = 2;
  mutex.release();
  return n;
}

export function c(): void {
  // ruleid: lock-never-released
  mutex.acquire();
  other.release();
}
