const pug = require('pug');

const profileTemplate = pug.compile(`
div.profile
  h2= user.name
  p.location #{user.location}
  div.about !{user.about}
`);

function renderProfileCard(user) {
  return profileTemplate({ user });
}

function renderNotice(text) {
  return pug.render('p.notice= text', { text });
}

function renderCustomFooter(footerSource, data) {
  return pug.render(footerSource, data);
}

module.exports = { renderProfileCard, renderNotice, renderCustomFooter };
