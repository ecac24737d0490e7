import type { PrivacySettings } from '../types.js';
import { type Column, DataTable } from './data-table.js';

const day = (at: string | null) => (at ? at.slice(0, 10) : '—');

const PROVIDER_COLUMNS: Column<PrivacySettings['redaction']['providers'][number]>[] = [
  { header: 'Provider', cell: (provider) => provider.name },
  { header: 'Where', cell: (provider) => provider.location },
  {
    header: 'Prompts redacted',
    cell: (provider) =>
      provider.redact === 'always'
        ? 'always'
        : provider.redact === 'never'
          ? 'never'
          : 'when the model is remote',
  },
];

const RETENTION_COLUMNS: Column<{ what: string; kept: number; oldest: string | null }>[] = [
  { header: 'What', cell: (row) => row.what },
  { header: 'Kept', cell: (row) => row.kept },
  { header: 'Oldest', cell: (row) => day(row.oldest) },
];

/**
 * The server's privacy settings as `GET /v1/admin/privacy` reports them. Read-only on purpose: the config
 * file is the source of truth, and a page that could widen where code goes would be one token away from
 * doing it.
 */
export function PrivacySettingsView({ settings }: { settings: PrivacySettings }) {
  const { retention } = settings;
  return (
    <>
      <p>
        Policy in force: <strong data-testid="privacy-policy">{settings.policy}</strong>{' '}
        {settings.policySource === 'default'
          ? '(the default: no [privacy] policy is set)'
          : '(set in the config)'}
        .{' '}
        {settings.policy === 'local-only'
          ? 'Prompts never go to a remote model: such a request is refused with an error naming the policy.'
          : 'Prompts go to remote models only after secrets are replaced by placeholders; a provider cannot switch that off.'}
      </p>
      <p class="muted">
        These settings are read-only here. The server's <code>vouch.toml</code> is the source of truth: change{' '}
        <code>[privacy] policy</code> there and restart <code>vouch serve</code>.
      </p>
      <DataTable
        caption="Model providers under the policy"
        columns={PROVIDER_COLUMNS}
        rows={settings.redaction.providers}
        rowKey={(provider) => provider.name}
        empty={
          <>
            No provider is configured: models come from the environment (<code>VOUCH_MODEL</code>,{' '}
            <code>OPENAI_BASE_URL</code>, …), and their prompts are redacted when the model is remote.
          </>
        }
      />
      <DataTable
        caption="Retention: kept until an operator prunes it"
        columns={RETENTION_COLUMNS}
        rows={[
          {
            what: 'Suggestions (with their telemetry)',
            kept: retention.suggestions,
            oldest: retention.oldestSuggestion,
          },
          { what: 'Audit log entries', kept: retention.auditEntries, oldest: retention.oldestAuditEntry },
          {
            what: 'Chat conversations (by last turn)',
            kept: retention.conversations,
            oldest: retention.oldestConversation,
          },
        ]}
        rowKey={(row) => row.what}
      />
      <p>
        Nothing is deleted automatically. To remove what is older than an age, run{' '}
        <code>{retention.command}</code> on the server (any age: <code>30d</code>, <code>12w</code>, or a
        date).
      </p>
    </>
  );
}
