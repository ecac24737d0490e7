function schedule(name, delay) {
  // ruleid: timer-with-string-code
  setTimeout('greet("' + name + '")', delay);
  // ok: timer-with-string-code
  setTimeout(() => greet(name), delay);
  // ruleid: timer-with-string-code
  setInterval(`refresh(${name})`, 1000);
  // ok: timer-with-string-code
  setTimeout('tick()', 10);
  // ok: timer-with-string-code
  clearTimeout(name + 'x');
}
module.exports = { schedule };
