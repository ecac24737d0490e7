const lock = {
  resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
  integrity: 'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQ9cVWPLDWp6HBbR6X3tVQk+V6oZ9EIqxBQyxkbxTSRx0Ge0A==',
};
module.exports = lock;
