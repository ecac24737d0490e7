import type { Command } from 'commander';
import { loadConfig, workspaceConfigPath } from '../../config/load.js';
import { describeIgnoredSetting } from '../../config/untrusted-settings.js';
import {
  revokeWorkspaceTrust,
  trustRecordOf,
  trustStorePath,
  trustWorkspace,
  workspaceConfigHash,
} from '../../config/workspace-trust.js';
import { EXIT } from '../../core/errors.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { action, printJson } from '../output.js';

interface TrustOptions {
  revoke?: boolean;
  status?: boolean;
  json?: boolean;
}

/**
 * `vouch trust`: the user's explicit decision that this workspace's vouch.toml may say where code and keys
 * go (config/workspace-trust.ts). Trusting is remembered for the file as it is now; a changed file, or
 * `--revoke`, takes it back.
 */
export function registerTrust(program: Command): void {
  program
    .command('trust')
    .description(
      "trust this workspace's vouch.toml as it is now: its providers, endpoints and privacy settings apply",
    )
    .option('--revoke', 'forget the trust decision: the file is read as untrusted again')
    .option('--status', 'only say whether the workspace is trusted and what its file would change')
    .option('--json', 'print one JSON object: {workspace, file, sha256, trusted, action, ignored, store}')
    .action(
      action(async (options: TrustOptions) => {
        const root = findWorkspaceRoot();
        const file = workspaceConfigPath(root);
        const sha256 = workspaceConfigHash(root);
        // what the file's settings would be ignored for while untrusted: read before deciding
        const before = loadConfig({ workspaceRoot: root });
        const untrustedView = before.trusted ? [] : before.ignored;
        let act: 'trusted' | 'revoked' | 'none' | 'status';
        if (options.revoke) act = revokeWorkspaceTrust(root) ? 'revoked' : 'none';
        else if (options.status || sha256 === undefined) act = sha256 === undefined ? 'none' : 'status';
        else {
          trustWorkspace(root);
          act = 'trusted';
        }
        const after = loadConfig({ workspaceRoot: root });
        const record = trustRecordOf(root);
        const result = {
          workspace: root,
          file: sha256 === undefined ? null : file,
          sha256: sha256 ?? null,
          trusted: after.trusted,
          action: act,
          // the settings the file holds that apply only while it is trusted
          ignored: (act === 'trusted' ? untrustedView : after.ignored).map((setting) => ({
            key: setting.key,
            value: setting.value,
            reason: setting.reason,
          })),
          changedSinceTrusted: record !== undefined && sha256 !== undefined && record.sha256 !== sha256,
          store: trustStorePath(),
        };
        if (options.json) {
          printJson(result);
          return EXIT.ok;
        }
        const out = (line: string) => process.stdout.write(`${line}\n`);
        if (sha256 === undefined && act !== 'revoked') {
          out(`${root} has no vouch.toml: there is nothing to trust (your own config applies as it is)`);
          return EXIT.ok;
        }
        if (act === 'revoked') out(`revoked: ${root}'s vouch.toml is read as untrusted again`);
        else if (act === 'none') out(`${root} was not trusted: nothing to revoke`);
        else if (act === 'trusted')
          out(`trusted ${file} (sha256 ${sha256!.slice(0, 12)}…); a change to it needs trusting again`);
        else
          out(
            `${file} is ${after.trusted ? 'trusted' : result.changedSinceTrusted ? 'not trusted (it changed since you trusted it)' : 'not trusted'}`,
          );
        const listed = act === 'trusted' ? untrustedView : after.ignored;
        if (listed.length > 0) {
          out(
            act === 'trusted'
              ? 'these settings of it now apply:'
              : 'these settings of it are ignored until you run `vouch trust`:',
          );
          for (const setting of listed)
            out(
              act === 'trusted'
                ? `  ${setting.key} = ${JSON.stringify(setting.value)}`
                : `  ${describeIgnoredSetting(setting)}`,
            );
        }
        return EXIT.ok;
      }),
    );
}
