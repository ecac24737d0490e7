const ejs = require('ejs');
const Handlebars = require('handlebars');
const pug = require('pug');

const receiptTpl = ejs.compile(`
<h1>Thanks, <%= customer.name %></h1>
<div class="note"><%- order.giftMessage %></div>
<p><%= order.total %></p>
`);

function renderReceipt(customer, order) {
  return receiptTpl({ customer, order });
}

function renderCustom(req) {
  return ejs.render(req.body.template, { user: req.user });
}

const cardTpl = Handlebars.compile(`
<div class="card">
  <h2>{{title}}</h2>
  <section>{{{description}}}</section>
</div>`);

const badgeTpl = Handlebars.compile('<span class="badge">{{label}}</span>');

function renderCard(listing) {
  return cardTpl({ title: listing.title, description: listing.description });
}

function renderBadge(label) {
  return badgeTpl({ label });
}

const bioTpl = pug.compile('div.bio\n  p= bio\n  p!= signature');

function renderBio(profile) {
  return bioTpl({ bio: profile.bio, signature: profile.signature });
}

module.exports = { renderReceipt, renderCustom, renderCard, renderBadge, renderBio };
