import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The user's own folders (the XDG base directories), where vouch keeps what is the user's and not a
 * project's to ship: a relative `XDG_*_HOME` is invalid under the spec and ignored, an empty or blank
 * `HOME` falls back to the account's home.
 */
function home(env: NodeJS.ProcessEnv): string {
  return env.HOME?.trim() || homedir();
}

/** `$XDG_STATE_HOME` (default `~/.local/state`): what the user chose or made, kept between runs. */
export function stateHome(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  return xdg && isAbsolute(xdg) ? xdg : join(home(env), '.local', 'state');
}

/** `$XDG_CACHE_HOME` (default `~/.cache`): data derived from something else, rebuilt when missing. */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg && isAbsolute(xdg) ? xdg : join(home(env), '.cache');
}
