const express = require('express');
const routes = require('./routes');

const app = express();
app.use(express.json());
app.use('/api', routes);

// error handling middleware
app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.status || 500).send(`<h1>Something went wrong</h1><pre>${err.stack}</pre>`);
});

app.listen(process.env.PORT || 3000);
