const express = require('express');
const routes = require('./routes');
const logger = require('./logger');

const app = express();
app.use(express.json());
app.use('/api', routes);

app.use((err, req, res, next) => {
  logger.error(err);
  const status = err.status && err.status < 500 ? err.status : 500;
  res.status(status).json({ error: status === 500 ? 'Internal server error' : 'Request failed' });
});

app.listen(process.env.PORT || 3000);
