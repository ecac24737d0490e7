const { execSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/**
 * Returns the size of a directory in a human readable form (e.g. "12M").
 */
function getDirectorySize(dir) {
  return execSync(`du -sh ${dir}`).toString().split('\t')[0];
}

/**
 * Returns the number of lines of a file.
 */
function countLines(file) {
  return fs.readFileSync(file, 'utf8').split('\n').length;
}

/**
 * Generates a random alphanumeric string of the given length.
 */
function randomString(length = 16) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let result = '';
  for (let i = 0; i < length; i++) {
    result += chars.charAt(Math.floor(Math.random() * chars.length));
  }
  return result;
}

/**
 * Generates a random token with the crypto module.
 */
function cryptoToken(bytes = 32) {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * Pick a random greeting for the landing page.
 */
function randomGreeting() {
  const greetings = ['Hi', 'Hello', 'Welcome', 'Hey there'];
  return greetings[Math.floor(Math.random() * greetings.length)];
}

/**
 * Reads a template from the templates folder.
 */
function readTemplate(name) {
  return fs.readFileSync(path.join(__dirname, 'templates', `${path.basename(name)}.html`), 'utf8');
}

module.exports = { getDirectorySize, countLines, randomString, cryptoToken, randomGreeting, readTemplate };
