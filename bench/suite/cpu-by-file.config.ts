/**
 * The whole suite as `vitest.config.ts` runs it, with one setup file more (`cpu-by-file-cgroup.ts`) that
 * charges each test file's CPU to a cpuacct cgroup of its own: the worker's (in a shared worker too) and that
 * of every process the file starts, reaped or not (sandboxes, mypy, language servers, chromium). Linux with
 * cgroup v1's cpuacct mounted at /sys/fs/cgroup/cpuacct, as root (bench/notes/2026-11-26-suite-cpu-2.md):
 *
 *   mkdir /sys/fs/cgroup/cpuacct/suite && echo $$ > /sys/fs/cgroup/cpuacct/suite/cgroup.procs
 *   SUITE_CPU_CGROUP=/sys/fs/cgroup/cpuacct/suite CI=true nice -n 19 npx vitest run \
 *     --config bench/suite/cpu-by-file.config.ts --reporter=default --reporter=json --outputFile.json=/tmp/suite.json
 *   npx tsx bench/suite/cpu-by-file.ts /sys/fs/cgroup/cpuacct/suite
 */
import { mergeConfig } from 'vitest/config';
import base from '../../vitest.config.js';

export default mergeConfig(base, { test: { setupFiles: ['bench/suite/cpu-by-file-cgroup.ts'] } });
