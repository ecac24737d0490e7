export async function twice(job: Promise<number>, other: Promise<number>): Promise<void> {
  // ruleid: same-promise-awaited-twice
  await job;
  console.log('between');
  await job;
}

export async function once(job: Promise<number>, other: Promise<number>): Promise<void> {
  // ok: same-promise-awaited-twice
  await job;
  console.log('between');
  await other;
}
