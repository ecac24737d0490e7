app.post('/count', (req, res) => {
  stats[req.body.group][req.body.key] += 1;
});
