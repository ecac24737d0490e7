/**
 * Whether a process with this pid exists (signal 0 is never delivered; EPERM: it exists, another user's).
 * A lock's or a scratch folder's owner is asked this before what it left is taken or removed.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
