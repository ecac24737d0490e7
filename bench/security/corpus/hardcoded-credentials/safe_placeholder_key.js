const config = {
  apiKey: 'YOUR_API_KEY_HERE',
  password: '<password>',
  token: '${TOKEN}',
};
module.exports = config;
