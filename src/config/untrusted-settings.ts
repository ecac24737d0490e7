/**
 * What an untrusted workspace's vouch.toml may set (workspace-trust.ts says when it is untrusted): anything
 * that does not decide where code and keys go, what the team server grants or which file answers as the
 * model or weaken a check (the licence policy, `[security] external`), and privacy settings only
 * where they are at least as strict as the user's own. Everything else is dropped and reported, never silently.
 */
export interface IgnoredSetting {
  /** the file the setting was in */
  file: string;
  /** the dotted key, e.g. `providers.openai.base_url` */
  key: string;
  /** the value the file gave */
  value: unknown;
  /** why it was not applied */
  reason: string;
}

export interface RestrictedConfig {
  data: Record<string, unknown>;
  ignored: IgnoredSetting[];
}

/** Provider keys that say where a request goes and with which key: the user's alone. */
const DESTINATION_KEYS = ['kind', 'base_url', 'api_key_env'] as const;

/** Each list runs from the least to the most private value; a workspace may move only rightwards. */
const PROVIDER_ORDERS: Record<string, { order: readonly unknown[]; fallback: unknown }> = {
  // `local` makes a provider look local (no redaction, allowed under local-only): only the user may say it
  location: { order: ['local', 'remote'], fallback: 'remote' },
  redact: { order: ['never', 'remote', 'always'], fallback: 'remote' },
};
const POLICY_ORDER = { order: ['redact-remote', 'local-only'], fallback: 'redact-remote' };
const TELEMETRY_ORDER = { order: [true, 'metadata', false], fallback: true };

/**
 * A `[model]` value that names a file rather than picks a provider: `replay:FILE` answers with the file's
 * text, `local:PATH` loads a GGUF file in vouch's own process. Such a file is the workspace's to ship, so
 * only the user's own config may name one. A `local:` catalogue name (`local:qwen2.5-coder-1.5b`) stays: it
 * is looked up in the user's models folder. Kept stricter than model/resolve/local-spec.ts's `isModelPath`
 * (config/ may not import model/): anything but a plain name is a path here.
 */
function namesModelFile(spec: unknown): boolean {
  if (typeof spec !== 'string') return false;
  const colon = spec.indexOf(':');
  const provider = spec.slice(0, colon).trim().toLowerCase();
  const name = spec.slice(colon + 1).trim();
  if (provider === 'replay') return true;
  return provider === 'local' && (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || /\.gguf$/i.test(name));
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** True when `value` is at least as strict as the user's (values outside the order are left to their owner). */
function atLeastAsStrict(
  value: unknown,
  userValue: unknown,
  rule: { order: readonly unknown[]; fallback: unknown },
): boolean {
  const at = rule.order.indexOf(value);
  if (at < 0) return true;
  const userAt = rule.order.indexOf(userValue ?? rule.fallback);
  return at >= (userAt < 0 ? 0 : userAt);
}

const WEAKENS =
  'a setting that would weaken a check is yours (your config) or a trusted workspace’s (`vouch trust`) to set';

/**
 * licence/policy.ts's DEFAULT_POLICY.minMatchChars (config/ may not import licence/): the shortest copied
 * span the copyleft check reports unless the user's own config says otherwise.
 */
const DEFAULT_MIN_MATCH_CHARS = 150;

const asList = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);

/**
 * `[licence]` from an untrusted workspace (r49: `allow` every licence, `deny = []`, `min_match_chars =
 * 100000`, and the copyleft check never reported): an entry of `allow` or `review` moves a licence out of
 * `deny` (licence/policy.ts lays each list over the defaults), so those lists apply only when the user's
 * own config has every entry in the same list; `deny` only tightens, and is kept together with the
 * user's own deny (an array in the workspace's file would otherwise replace it); a package's verdict
 * applies when it is `deny` or the user's own; `min_match_chars` when it is no larger than the user's (or
 * the default); `project` (the project's own licence, as its LICENSE file says) applies. Anything else is
 * left to the policy's own validation.
 */
function restrictLicence(
  section: Record<string, unknown>,
  user: Record<string, unknown>,
  ignore: (key: string, value: unknown) => void,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(section)) {
    const list = asList(setting);
    if ((key === 'allow' || key === 'review') && list) {
      const users = asList(user[key]) ?? [];
      if (list.every((entry) => users.includes(entry))) kept[key] = setting;
      else ignore(key, setting);
    } else if (key === 'deny' && list) {
      const users = asList(user.deny) ?? [];
      kept.deny = [...users, ...list.filter((entry) => !users.includes(entry))];
    } else if (key === 'packages' && isTable(setting)) {
      const users = isTable(user.packages) ? user.packages : {};
      const packages: Record<string, unknown> = {};
      for (const [name, verdict] of Object.entries(setting)) {
        if (verdict === 'deny' || users[name] === verdict) packages[name] = verdict;
        else ignore(`packages.${name}`, verdict);
      }
      if (Object.keys(packages).length > 0) kept.packages = packages;
    } else if (key === 'min_match_chars' && typeof setting === 'number') {
      const users = typeof user.min_match_chars === 'number' ? user.min_match_chars : DEFAULT_MIN_MATCH_CHARS;
      if (setting <= users) kept[key] = setting;
      else ignore(key, setting);
    } else kept[key] = setting;
  }
  return kept;
}

/**
 * The workspace file's settings an untrusted workspace may apply, given `user` (the user's own config, read
 * before the workspace's). `file` names the workspace's vouch.toml in what is reported.
 */
export function restrictUntrustedConfig(
  workspace: Record<string, unknown>,
  user: Record<string, unknown>,
  file: string,
): RestrictedConfig {
  const ignored: IgnoredSetting[] = [];
  const data: Record<string, unknown> = {};
  const userProviders = isTable(user.providers) ? user.providers : {};
  for (const [name, value] of Object.entries(workspace)) {
    if (name === 'providers' && isTable(value)) {
      const providers: Record<string, unknown> = {};
      for (const [provider, section] of Object.entries(value)) {
        if (!isTable(section)) {
          providers[provider] = section; // its owner reports the shape
          continue;
        }
        const users = isTable(userProviders[provider]) ? userProviders[provider] : {};
        const kept: Record<string, unknown> = {};
        for (const [key, setting] of Object.entries(section)) {
          const same = users[key] === setting;
          if ((DESTINATION_KEYS as readonly string[]).includes(key) && !same) {
            ignored.push({
              file,
              key: `providers.${provider}.${key}`,
              value: setting,
              reason: 'where requests go and with which key is the user’s to say',
            });
            continue;
          }
          const rule = PROVIDER_ORDERS[key];
          if (rule && !atLeastAsStrict(setting, users[key], rule)) {
            ignored.push({
              file,
              key: `providers.${provider}.${key}`,
              value: setting,
              reason: 'a workspace may only make privacy stricter',
            });
            continue;
          }
          kept[key] = setting;
        }
        if (Object.keys(kept).length > 0) providers[provider] = kept;
      }
      if (Object.keys(providers).length > 0) data.providers = providers;
      continue;
    }
    if (name === 'privacy' && isTable(value)) {
      const userPrivacy = isTable(user.privacy) ? user.privacy : {};
      const kept: Record<string, unknown> = { ...value };
      if ('policy' in value && !atLeastAsStrict(value.policy, userPrivacy.policy, POLICY_ORDER)) {
        ignored.push({
          file,
          key: 'privacy.policy',
          value: value.policy,
          reason: 'a workspace may only make privacy stricter',
        });
        delete kept.policy;
      }
      if (Object.keys(kept).length > 0) data.privacy = kept;
      continue;
    }
    if (name === 'server' && isTable(value)) {
      // what the team server lets its users do (debug commands, writing changes, other origins) and how much
      // it takes: a repository served by someone who never trusted it must not grant itself any of it
      const userServer = isTable(user.server) ? user.server : {};
      const kept: Record<string, unknown> = {};
      for (const [key, setting] of Object.entries(value)) {
        if (JSON.stringify(userServer[key]) === JSON.stringify(setting)) kept[key] = setting;
        else
          ignored.push({
            file,
            key: `server.${key}`,
            value: setting,
            reason: 'what the team server grants and allows is its administrator’s to say',
          });
      }
      if (Object.keys(kept).length > 0) data.server = kept;
      continue;
    }
    if (name === 'model' && isTable(value)) {
      // the user's own config naming the same file is the user's choice, whichever task it is for
      const userModels = Object.values(isTable(user.model) ? user.model : {});
      const kept: Record<string, unknown> = {};
      for (const [key, setting] of Object.entries(value)) {
        if (namesModelFile(setting) && !userModels.includes(setting))
          ignored.push({
            file,
            key: `model.${key}`,
            value: setting,
            reason:
              'a replay file answers with its author’s code and a local model file loads in vouch: only your own config may name one',
          });
        else kept[key] = setting;
      }
      if (Object.keys(kept).length > 0) data.model = kept;
      continue;
    }
    if (name === 'licence' && isTable(value)) {
      const kept = restrictLicence(value, isTable(user.licence) ? user.licence : {}, (key, setting) =>
        ignored.push({ file, key: `licence.${key}`, value: setting, reason: WEAKENS }),
      );
      if (Object.keys(kept).length > 0) data.licence = kept;
      continue;
    }
    if (name === 'security' && isTable(value)) {
      const userSecurity = isTable(user.security) ? user.security : {};
      const kept: Record<string, unknown> = { ...value };
      // `external = false` turns Bandit and the other installed scanners off; `semgrep` only adds rules
      // (paths outside the workspace are refused where they are read) and `file_budget` past its limit
      // leaves a file NOT VERIFIED, never passed, so both stay
      if (value.external === false && userSecurity.external !== false) {
        ignored.push({ file, key: 'security.external', value: false, reason: WEAKENS });
        delete kept.external;
      }
      if (Object.keys(kept).length > 0) data.security = kept;
      continue;
    }
    if (name === 'telemetry' && !atLeastAsStrict(value, user.telemetry, TELEMETRY_ORDER)) {
      ignored.push({ file, key: 'telemetry', value, reason: 'a workspace may only make privacy stricter' });
      continue;
    }
    data[name] = value;
  }
  return { data, ignored };
}

/** One line per ignored setting, for stderr, the language server's message and `vouch trust`. */
export function describeIgnoredSetting(setting: IgnoredSetting): string {
  return `${setting.key} = ${JSON.stringify(setting.value)} in ${setting.file} (${setting.reason})`;
}
