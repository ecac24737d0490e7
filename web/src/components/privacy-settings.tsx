import type { PrivacySettings } from '../types.js';

const day = (at: string | null) => (at ? at.slice(0, 10) : '—');

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
      <table>
        <caption>Model providers under the policy</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Where</th>
            <th scope="col">Prompts redacted</th>
          </tr>
        </thead>
        <tbody>
          {settings.redaction.providers.length === 0 && (
            <tr>
              <td colSpan={3}>
                No provider is configured: models come from the environment (<code>VOUCH_MODEL</code>,{' '}
                <code>OPENAI_BASE_URL</code>, …), and their prompts are redacted when the model is remote.
              </td>
            </tr>
          )}
          {settings.redaction.providers.map((provider) => (
            <tr key={provider.name}>
              <th scope="row">{provider.name}</th>
              <td>{provider.location}</td>
              <td>
                {provider.redact === 'always'
                  ? 'always'
                  : provider.redact === 'never'
                    ? 'never'
                    : 'when the model is remote'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Retention: kept until an operator prunes it</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Kept</th>
            <th scope="col">Oldest</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Suggestions (with their telemetry)</th>
            <td>{retention.suggestions}</td>
            <td>{day(retention.oldestSuggestion)}</td>
          </tr>
          <tr>
            <th scope="row">Audit log entries</th>
            <td>{retention.auditEntries}</td>
            <td>{day(retention.oldestAuditEntry)}</td>
          </tr>
          <tr>
            <th scope="row">Chat conversations (by last turn)</th>
            <td>{retention.conversations}</td>
            <td>{day(retention.oldestConversation)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        Nothing is deleted automatically. To remove what is older than an age, run{' '}
        <code>{retention.command}</code> on the server (any age: <code>30d</code>, <code>12w</code>, or a
        date).
      </p>
    </>
  );
}
