import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { answerFolder, ofWorkspace } from '../src/answer-folder.js';

/**
 * A multi-root workspace: an answer's citations and the files its Accept wrote are relative to the folder
 * the task ran in, which `vouch lsp` names (`folder`), not to the editor's first folder.
 */
describe('answerFolder', () => {
  it('is the folder the server names, not the first folder', () => {
    assert.equal(answerFolder(pathToFileURL('/work/b').href, '/work/a'), '/work/b');
    assert.equal(answerFolder(pathToFileURL('/work/my folder').href, '/work/a'), '/work/my folder');
  });

  it('falls back when the answer names none, or names no file folder', () => {
    assert.equal(answerFolder(undefined, '/work/a'), '/work/a');
    assert.equal(answerFolder('vscode-remote://host/work/b', '/work/a'), '/work/a');
    assert.equal(answerFolder(42, undefined), undefined);
  });
});

describe('ofWorkspace', () => {
  const folders = ['/work/a', '/work/b/app'];
  it('takes a workspace folder, one inside it, or the project holding one', () => {
    assert.equal(ofWorkspace('/work/b/app', folders), true);
    assert.equal(ofWorkspace('/work/a/vendor/lib', folders), true);
    assert.equal(ofWorkspace('/work/b', folders), true);
  });

  it('refuses a folder beside them', () => {
    assert.equal(ofWorkspace('/work/c', folders), false);
    assert.equal(ofWorkspace('/work/ab', folders), false);
    assert.equal(ofWorkspace('/etc', []), false);
  });
});
