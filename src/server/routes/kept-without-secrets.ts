import { DetectorBudgetError, withoutSecretsOffThread } from '../../security/detector-pool.js';
import { HttpError } from '../http-error.js';

/**
 * A value the server is about to store, every string in it redacted (`withoutSecrets`). The secrets
 * detector runs on a worker with a budget (issue 55): a large body does not hold the server's thread, and
 * what it could not finish checking is refused (422), never stored unredacted.
 */
export async function keptWithoutSecrets<T>(
  value: T,
  { signal, budgetMs }: { signal: AbortSignal; budgetMs?: number | undefined },
): Promise<T> {
  try {
    return await withoutSecretsOffThread(value, { signal, ...(budgetMs !== undefined ? { budgetMs } : {}) });
  } catch (error) {
    if (!(error instanceof DetectorBudgetError)) throw error;
    throw new HttpError({
      status: 422,
      code: 'secrets_check_over_budget',
      message: `${error.message}: the text could not be checked for secrets, so nothing was recorded`,
      hint: 'send less text (the detector is linear: a smaller body finishes within the budget)',
    });
  }
}
