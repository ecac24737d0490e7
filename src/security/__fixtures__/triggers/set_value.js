const setValue = require('set-value');
app.post('/cfg', (req, res) => {
  setValue(config, req.body.path, req.body.value);
});
