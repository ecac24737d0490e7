import { basename } from 'node:path';

/**
 * Files that hold credentials by convention. vouch never reads them: not into the index, not into a
 * prompt, not into a report. Matching is by name only, so the check itself never opens the file.
 */
const EXACT_NAMES = new Set([
  '.npmrc',
  '.pypirc',
  '.netrc',
  // direnv's: exports for the shell, usually the project's keys
  '.envrc',
  // Yarn Berry's: registry tokens (npmAuthToken, npmAuthIdent)
  '.yarnrc.yml',
  '.yarnrc.yaml',
  '_netrc',
  '.git-credentials',
  '.htpasswd',
  '.pgpass',
  '.boto',
  '.s3cfg',
  'credentials',
  'credentials.json',
  'credentials.yml',
  'credentials.yaml',
  'credentials.xml',
  'secrets.json',
  'secrets.yml',
  'secrets.yaml',
  'secrets.toml',
  'client_secret.json',
  'service-account.json',
  'terraform.tfvars',
  'known_hosts',
  'authorized_keys',
]);

const SECRET_EXTENSIONS = [
  '.pem',
  '.key',
  '.p12',
  '.pfx',
  '.jks',
  '.keystore',
  '.kdbx',
  '.ppk',
  '.asc',
  '.gpg',
  '.der',
  '.crt',
  '.cer',
  '.tfstate',
];

/** ssh keys: `id_rsa`, `id_ed25519`, `id_ecdsa.pub` — not `id_utils.py`. */
const SSH_KEY = /^id_[a-z0-9]+(?:\.pub)?$/i;
/** `.env`, `.env.local`, `.env.production`, `prod.env` */
const DOTENV = /^\.env(?:\..*)?$|\.env$/i;
/** `kubeconfig`, `kubeconfig.yaml`, `kubeconfig-prod`, `prod.kubeconfig`: a cluster's client keys and tokens */
const KUBECONFIG = /^kubeconfig(?:[-_.].*)?$|\.kubeconfig(?:\.ya?ml)?$/i;
const SERVICE_ACCOUNT = /^(?:service[-_]account|gcp[-_]key|firebase[-_]adminsdk).*\.json$/i;

/** True when `path` names a file that by convention holds secrets and must never be read. */
export function isSecretsFile(path: string): boolean {
  const name = basename(path.replaceAll('\\', '/'));
  const lower = name.toLowerCase();
  if (EXACT_NAMES.has(lower)) return true;
  if (DOTENV.test(lower)) return true;
  if (SSH_KEY.test(lower)) return true;
  if (SERVICE_ACCOUNT.test(lower)) return true;
  if (KUBECONFIG.test(lower)) return true;
  if (SECRET_EXTENSIONS.some((extension) => lower.endsWith(extension))) return true;
  const posix = path.replaceAll('\\', '/');
  return /(?:^|\/)\.(?:aws|ssh|gnupg|docker|kube)\//.test(posix);
}
