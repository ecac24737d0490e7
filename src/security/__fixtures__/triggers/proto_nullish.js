app.post('/x', (req, res) => {
  cache[req.body.a][req.body.b] ??= req.body.v;
});
