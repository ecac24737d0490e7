export { breakingChangesFor } from './breaking-changes.js';
export { detectEnvironment } from './detect-environment.js';
export { declaredPackages, isDependencyManifest } from './manifest-packages.js';
export { renderEnvironment } from './render-environment.js';
export type * from './types.js';
