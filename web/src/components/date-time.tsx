/** A stored instant (ISO 8601, UTC) as the tables show it: `2026-11-25 19:52`, to the minute. */
export const shortDateTime = (at: string) => at.replace('T', ' ').slice(0, 16);

/**
 * An instant on one line in a table: the date and time to the minute (UTC, as the column header says),
 * the full stored value in the tooltip and in `datetime` for assistive technology.
 */
export function DateTime({ at }: { at: string }) {
  return (
    <time class="date-time" dateTime={at} title={`${at.replace('T', ' ').replace(/Z$/, '')} UTC`}>
      {shortDateTime(at)}
    </time>
  );
}
