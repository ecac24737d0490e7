/**
 * What a face renders of a scan's result — its findings, SARIF, the text report — without the task
 * registry (`index.ts` imports every task): `vouch scan` loads the scan task's modules only (issue 59).
 */
export {
  configuredFileBudget,
  outsideSettings,
  prepareScan,
  prepareScanListing,
  scanFindings,
  scanSarif,
  scanText,
  settingsLinesOf,
} from './scan/index.js';
