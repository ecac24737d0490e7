function isValidSlug(slug) {
  return /^([a-z0-9]+-?)*$/.test(slug);
}
module.exports = { isValidSlug };
