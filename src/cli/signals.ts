/**
 * An AbortSignal that fires on the first Ctrl-C (or SIGTERM), so in-flight requests and sandboxed runs
 * are cancelled cleanly; a second Ctrl-C exits at once with 130.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nvouch: cancelling… (press Ctrl-C again to quit at once)\n');
    controller.abort(new Error('cancelled by the user'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
