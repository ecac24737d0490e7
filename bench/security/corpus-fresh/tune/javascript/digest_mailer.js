const Handlebars = require('handlebars');
const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({ host: 'smtp.example.com', port: 587, auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS } });

Handlebars.registerHelper('highlight', (text) => new Handlebars.SafeString(`<mark>${text}</mark>`));

Handlebars.registerHelper('link', (label, url) => {
  const l = Handlebars.escapeExpression(label);
  const u = Handlebars.escapeExpression(url);
  return new Handlebars.SafeString(`<a href="${u}">${l}</a>`);
});

const digestTemplate = Handlebars.compile(`
  <h2>Hi {{name}},</h2>
  <p>Your weekly digest:</p>
  {{#each items}}
    <article>
      <h3>{{highlight title}}</h3>
      <div class="summary">{{{summary}}}</div>
      <p>{{author}}</p>
    </article>
  {{/each}}
`);

async function sendDigest(user, items) {
  const html = digestTemplate({ name: user.name, items });
  await transport.sendMail({ to: user.email, subject: 'Your weekly digest', html });
}

module.exports = { sendDigest };
