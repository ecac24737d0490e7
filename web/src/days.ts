/** The last `count` UTC days, oldest first, as `YYYY-MM-DD`, and the start of the oldest (for `?since=`). */
export function lastDays(count: number): { days: string[]; since: string } {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - (count - 1));
  const days = Array.from({ length: count }, (_, index) => {
    const day = new Date(start);
    day.setUTCDate(start.getUTCDate() + index);
    return day.toISOString().slice(0, 10);
  });
  return { days, since: start.toISOString() };
}

export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
