function jitter(ms) {
  const delay = ms + Math.floor(Math.random() * 100);
  return new Promise((resolve) => setTimeout(resolve, delay));
}
module.exports = { jitter };
