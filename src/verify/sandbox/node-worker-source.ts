import { shippedText } from '../../core/package-root.js';

/**
 * The spare Node process of the warm pool: it boots inside its own fresh sandbox, says so on its readiness
 * fd, then blocks on stdin for a job (a 12-digit length and that many bytes of JSON: source, module kind,
 * files). It writes the program into its work dir, removes itself, and becomes the program via
 * `Module.runMain`. Reading exactly the header's bytes leaves the rest of stdin to the program. Its argv
 * names two more fds, a job's report channel (report-channel.ts): the key's and the report's. A job that
 * asks for it (`report` in the header) finds them in its environment; any other has them closed. The
 * program is `node/spare-worker.cjs`, shipped with the package.
 */
export function nodeSpareSource(): string {
  return shippedText('node/spare-worker.cjs');
}
