import type { Stats } from '../types.js';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

interface Tile {
  id: string;
  label: string;
  value: number | string;
  /** one line: what is counted */
  explain: string;
}

function Tiles({ label, tiles }: { label: string; tiles: Tile[] }) {
  return (
    <dl class="totals" aria-label={label}>
      {tiles.map((tile) => (
        <div key={tile.id}>
          <dt>{tile.label}</dt>
          <dd data-testid={`total-${tile.id}`}>{tile.value}</dd>
          <dd class="explain">{tile.explain}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The totals as two sums that add up: suggestions = shown + not shown, and shown = accepted as is +
 * modified + rejected + no decision (each suggestion under its last decision, as the server counts).
 * The server's `accepted` counts modified suggestions too; here they are apart.
 */
export function AcceptanceTotals({ stats }: { stats: Stats }) {
  const { total } = stats;
  const asIs = total.accepted - total.modified;
  const undecided = total.shown - total.accepted - total.rejected;
  return (
    <>
      <Tiles
        label="Suggestions"
        tiles={[
          {
            id: 'suggestions',
            label: 'Suggestions',
            value: total.suggestions,
            explain: 'answers with code the server recorded',
          },
          {
            id: 'shown',
            label: 'Shown',
            value: total.shown,
            explain: 'of those, the ones a face (web, editor, CLI) reported showing',
          },
          {
            id: 'not-shown',
            label: 'Not shown',
            value: total.suggestions - total.shown,
            explain: 'recorded, never reported shown (a run stopped, or a client that sends no events)',
          },
          {
            id: 'acceptance-rate',
            label: 'Acceptance rate',
            value: percent(total.acceptanceRate),
            explain: '(accepted as is + modified) ÷ shown',
          },
        ]}
      />
      <Tiles
        label="What was done with the suggestions shown"
        tiles={[
          { id: 'accepted', label: 'Accepted as is', value: asIs, explain: 'kept unchanged' },
          { id: 'modified', label: 'Modified', value: total.modified, explain: 'kept after an edit' },
          { id: 'rejected', label: 'Rejected', value: total.rejected, explain: 'turned down' },
          {
            id: 'undecided',
            label: 'No decision',
            value: undecided,
            explain: 'shown, neither kept nor turned down (yet)',
          },
          {
            id: 'copied',
            label: 'Copied',
            value: total.copied,
            explain: 'copied to the clipboard; may also be any of the above',
          },
          {
            id: 'edit-distance',
            label: 'Mean edit distance',
            value: stats.meanEditDistance === null ? '—' : stats.meanEditDistance.toFixed(1),
            explain: 'characters changed in a modified suggestion, on average',
          },
        ]}
      />
      <p class="muted small">
        Each suggestion counts once, under its last decision: accepted as is + modified + rejected + no
        decision = shown.
      </p>
    </>
  );
}
