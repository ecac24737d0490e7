async function rates() {
  const response = await fetch('https://api.exchangerate.host/latest');
  return response.json();
}
module.exports = { rates };
